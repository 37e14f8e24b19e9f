import FinOpsCore
import Foundation

/// Everything the site shows about spend, derived from a ledger: a weekly Cloud Spend Card per
/// claimed component and week, roll-ups per org unit, and the ledger's findings, unattributed
/// spend, restatements and reconciliation. Pure.
public struct SpendReport: Sendable, Hashable {
  /// The repository currency cards and roll-ups are in.
  public var currency: String
  /// The last day the report covers (the build clock's day).
  public var through: Day
  /// Every card, by workload, component, then week (read whole the first time it is asked for,
  /// for a report from the build cache), with its workload's title from `titles` when given.
  public var cards: [SpendCard] {
    let all = store.all
    guard !titles.isEmpty else { return all }
    // Cards are in runs by component: each run looked at once, and copied only if one differs.
    var runs: [(range: Range<Int>, title: String?)] = []
    var start = 0
    while start < all.count {
      let reference = all[start].reference
      var end = start + 1
      while end < all.count, all[end].reference == reference { end += 1 }
      runs.append((start..<end, titles[reference.workload]))
      start = end
    }
    guard
      runs.contains(where: { run in
        run.title.map { title in all[run.range].contains { ExactText($0.title) != ExactText(title) } } ?? false
      })
    else { return all }
    var result: [SpendCard] = []
    result.reserveCapacity(all.count)
    for run in runs {
      let cards = Array(all[run.range])
      result += run.title.map { SpendCard.titled(cards, $0) } ?? cards
    }
    return result
  }

  /// Every org unit, in tree order (each unit before its children).
  public var rollUps: [RollUp]
  /// Claimed components whose product is no unit of the organisation (counted nowhere above
  /// their cards).
  public var unplaced: [ComponentReference]
  /// The attribution the report is built on.
  public var ledger: SpendLedger
  /// Spend attributed before a component's first card week (the claim's own week: cards start
  /// the Monday after the claim), by component; only components that have some.
  public var leadIns: [LeadIn]
  /// The latest week whose cards are complete, and the spend and budget of all its cards: what
  /// the dashboard shows, kept so that it needs no card read.
  public let lastCompleteWeek: WeekTotals?
  /// The cards, as made or as kept.
  let store: CardStore
  /// Each workload's title by slug, when the cards show other titles than those they were made
  /// with (`retitled(_:)`); empty otherwise.
  private(set) var titles: [String: String] = [:]

  /// A component's spend from its claim to its first card week, which no card shows.
  public struct LeadIn: Sendable, Hashable {
    /// The component.
    public var reference: ComponentReference
    /// The Monday its cards start.
    public var firstCardWeek: Day
    /// The effective cost attributed before it, in the report currency.
    public var spend: Money

    /// A lead-in.
    public init(reference: ComponentReference, firstCardWeek: Day, spend: Money) {
      self.reference = reference
      self.firstCardWeek = firstCardWeek
      self.spend = spend
    }
  }

  /// A week's spend and budget over every card.
  public struct WeekTotals: Sendable, Hashable {
    /// The week's Monday.
    public var week: Day
    /// The spend of every card of the week.
    public var spend: Money
    /// Their budgets.
    public var budget: Money

    /// Totals.
    public init(week: Day, spend: Money, budget: Money) {
      self.week = week
      self.spend = spend
      self.budget = budget
    }
  }

  /// Creates a report.
  public init(
    currency: String, through: Day, cards: [SpendCard], rollUps: [RollUp],
    unplaced: [ComponentReference], ledger: SpendLedger, leadIns: [LeadIn] = []
  ) {
    self.init(
      currency: currency, through: through, store: CardStore(cards), lastCompleteWeek: Self.lastCompleteWeek(cards),
      rollUps: rollUps, unplaced: unplaced, ledger: ledger, leadIns: leadIns)
  }

  /// A report with its cards in `store`.
  init(
    currency: String, through: Day, store: CardStore, lastCompleteWeek: WeekTotals?, rollUps: [RollUp],
    unplaced: [ComponentReference], ledger: SpendLedger, leadIns: [LeadIn]
  ) {
    self.currency = currency
    self.through = through
    self.store = store
    self.lastCompleteWeek = lastCompleteWeek
    self.rollUps = rollUps
    self.unplaced = unplaced
    self.ledger = ledger
    // By reference, for `leadIn(of:)`'s search (as made and as read back, they already are).
    self.leadIns =
      leadIns.indices.dropFirst().allSatisfy { leadIns[$0 - 1].reference < leadIns[$0].reference }
      ? leadIns : leadIns.sorted { $0.reference < $1.reference }
  }

  /// The spend of `reference` before its first card week, when it has some.
  public func leadIn(of reference: ComponentReference) -> LeadIn? {
    // By reference, as the ledger's components are.
    var low = 0
    var high = leadIns.count
    while low < high {
      let middle = (low + high) / 2
      if leadIns[middle].reference < reference { low = middle + 1 } else { high = middle }
    }
    return low < leadIns.count && leadIns[low].reference == reference ? leadIns[low] : nil
  }

  /// The spend of each component attributed before its first card week, by component.
  static func leadIns(_ components: [ComponentSpend], currency: String) -> [LeadIn] {
    components.compactMap { component in
      guard let claimedAt = component.binding.claimedAt else { return nil }
      let first = SpendCard.firstWeek(claimedAt: claimedAt)
      var spend = Money.zero
      // Weeks come in order: only the first one or two are before the cards.
      for index in component.weeks.indices {
        guard component.weeks[index].monday < first else { break }
        if component.weeks[index].currency == currency {
          spend = spend + component.weeks[index].amounts.effective
        }
      }
      return spend == .zero
        ? nil : LeadIn(reference: component.reference, firstCardWeek: first, spend: spend)
    }
  }

  /// The latest week with a complete card, and the sums of that week's cards (in card order).
  static func lastCompleteWeek(_ cards: [SpendCard]) -> WeekTotals? {
    var last: Day?
    for card in cards where card.complete && last.map({ card.week > $0 }) != false { last = card.week }
    guard let last else { return nil }
    var totals = WeekTotals(week: last, spend: .zero, budget: .zero)
    for card in cards where card.week == last {
      totals.spend = totals.spend + card.spend
      totals.budget = totals.budget + card.budget
    }
    return totals
  }

  /// Equal when every part is, the cards compared as cards (whether kept or made).
  public static func == (lhs: SpendReport, rhs: SpendReport) -> Bool {
    lhs.currency == rhs.currency && lhs.through == rhs.through && lhs.lastCompleteWeek == rhs.lastCompleteWeek
      && lhs.rollUps == rhs.rollUps && lhs.unplaced == rhs.unplaced && lhs.ledger == rhs.ledger
      && lhs.leadIns == rhs.leadIns && lhs.cards == rhs.cards
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(currency)
    hasher.combine(through)
    hasher.combine(store.count)
    hasher.combine(rollUps)
  }

  /// Builds cards and roll-ups up to and including `through`.
  ///
  /// A component gets a card for every week from `SpendCard.firstWeek(claimedAt:)` to
  /// `SpendCard.lastWeek(retiredAt:through:)`, with or without spend; attributed spend before
  /// the first card week (the claim's own week) is on no card: its `leadIns` entry has it.
  public static func make(ledger: SpendLedger, configuration: Configuration, through: Day)
    -> SpendReport
  {
    let currency = configuration.currency
    // Each component's cards depend on it alone: made on every core, each in its place in the
    // list, in ledger order.
    let components = ledger.components
    let weeks = components.map { Self.weeks(of: $0, through: through) }
    var cards = parallelJoined(weeks.map(\.count)) { index, add in
      componentCards(
        components[index], weeks: weeks[index], currency: currency, through: through, add)
    }
    // Components come in reference order, their weeks in order: sort only when they did not
    // (moving 160,000 cards costs more than checking them). Cards are compared in place, and
    // a component's by their weeks alone (its reference would copy each card).
    let inOrder = cards.withUnsafeBufferPointer { cards in
      cards.indices.dropFirst().allSatisfy { index in
        let (before, card) = (index - 1, index)
        return cards[before].shared === cards[card].shared
          ? cards[before].week < cards[card].week
          : (cards[before].reference, cards[before].week)
            < (cards[card].reference, cards[card].week)
      }
    }
    if !inOrder {
      cards.sort { ($0.reference, $0.week) < ($1.reference, $1.week) }
    }
    let organization = configuration.organization
    // A product is a component's, the same on each of its cards.
    var unplaced = Set<ComponentReference>()
    Self.forEachComponent(cards) { cards in
      if organization.path(to: cards[0].product) == nil { unplaced.insert(cards[0].reference) }
    }
    return SpendReport(
      currency: currency, through: through, cards: cards,
      rollUps: rollUps(cards, organization), unplaced: unplaced.sorted(), ledger: ledger,
      leadIns: leadIns(components, currency: currency))
  }

  /// Calls `body` with each run of cards of one component (sharing one `Shared`), in order,
  /// in place. (A card's stored fields read through the pointer are not copied; a use of the
  /// whole card, a method or a computed property, copies it, taking and dropping five
  /// reference counts.)
  private static func forEachComponent(
    _ cards: [SpendCard], _ body: (UnsafeBufferPointer<SpendCard>) -> Void
  ) {
    cards.withUnsafeBufferPointer { cards in
      var start = 0
      while start < cards.count {
        var end = start + 1
        while end < cards.count, cards[end].shared === cards[start].shared { end += 1 }
        body(UnsafeBufferPointer(rebasing: cards[start..<end]))
        start = end
      }
    }
  }

  /// The first card week of a component and how many weeks it has cards for, through `through`.
  private static func weeks(
    of component: ComponentSpend, through: Day
  ) -> (first: Day, count: Int) {
    guard let claimedAt = component.binding.claimedAt else { return (through, 0) }
    let first = SpendCard.firstWeek(claimedAt: claimedAt)
    let last = SpendCard.lastWeek(retiredAt: component.binding.retiredAt, through: through)
    guard first <= last else { return (first, 0) }
    return (first, (last.ordinal - first.ordinal) / 7 + 1)
  }

  /// The cards of one component, week by week from its claim to its retirement or `through`
  /// (`weeks`), each handed to `add`.
  private static func componentCards(
    _ component: ComponentSpend, weeks: (first: Day, count: Int), currency: String, through: Day,
    _ add: (SpendCard) -> Void
  ) {
    guard weeks.count > 0 else { return }
    let binding = component.binding
    // Each card's weeks are found by walking them in order (a dictionary of them by week made
    // an array for each). The ledger gives them in order; a ledger made otherwise has them
    // sorted by week, each week's in its order.
    let weeksSpent = component.weeks
    let ordered = weeksSpent.indices.dropFirst().allSatisfy {
      weeksSpent[$0 - 1].monday <= weeksSpent[$0].monday
    }
    let spendWeeks = ordered ? weeksSpent : weeksSpent.sorted { $0.monday < $1.monday }
    var next = 0
    let annual = binding.businessCase.annualOpportunity
    let shared = SpendCard.Shared(
      SpendCard.Fields(
        reference: binding.reference, title: binding.title, product: binding.product, currency: currency,
        budget: WeeklyBudget.fromMonthly(binding.monthlyBudget),
        estimate: WeeklyBudget.fromMonthly(binding.monthlyEstimate), businessCase: binding.businessCase,
        annualOpportunity: annual, weeklyOpportunity: WeeklyBudget.fromAnnual(annual)))
    // A week without any spend gives the same card every time but for its dates: derive its
    // variances, percentage and state once per component.
    var idle: SpendCard?
    var monday = weeks.first
    for _ in 0..<weeks.count {
      defer { monday = monday.adding(days: 7) }
      while next < spendWeeks.count, spendWeeks[next].monday < monday { next += 1 }
      let start = next
      while next < spendWeeks.count, spendWeeks[next].monday == monday { next += 1 }
      let spent = spendWeeks[start..<next]
      if spent.isEmpty {
        var card =
          idle
          ?? SpendCard(
            shared: shared, week: monday, complete: false, spend: .zero, billed: .zero, topModels: [],
            topMeters: [], otherCurrencies: [])
        idle = card
        card.week = monday
        card.complete = monday.adding(days: 6) <= through
        add(card)
        continue
      }
      let own = spent.first { $0.currency == currency }
      let others = spent.filter { $0.currency != currency }
        .map { CurrencyAmount(currency: $0.currency, amount: $0.amounts.effective) }
      add(
        SpendCard(
          shared: shared, week: monday, complete: monday.adding(days: 6) <= through,
          spend: own?.amounts.effective ?? .zero, billed: own?.amounts.billed ?? .zero,
          topModels: top3(own?.models), topMeters: top3(own?.meters), otherCurrencies: others))
    }
  }

  /// The three largest of a week's amounts (given largest first). A list of three or fewer is
  /// the ledger's own, shared rather than copied: a year of cards holds 300,000 such lists.
  private static func top3(_ amounts: [NamedAmount]?) -> [NamedAmount] {
    guard let amounts else { return [] }
    return amounts.count <= 3 ? amounts : Array(amounts.prefix(3))
  }

  /// The cards of one component (found by binary search, or read alone from the build cache).
  public func cards(of reference: ComponentReference) -> [SpendCard] {
    Array(cardSlice(of: reference))
  }

  /// `cards(of:)`, as a slice of the report's cards where it can be (a component's cards
  /// copied out of them take and drop five reference counts each).
  public func cardSlice(of reference: ComponentReference) -> ArraySlice<SpendCard> {
    let cards = store.cards(of: reference)
    return titles[reference.workload].map { SpendCard.titled(Array(cards), $0)[...] } ?? cards
  }

  /// The report with each workload's cards titled as `titles` has it (by slug): a workload's
  /// title is shown on its cards but read by nothing else of the report, so a report kept in
  /// the build cache is not made again when a title changes (`SpendCache.key` leaves titles
  /// out), and shows the titles of the build that uses it. (Its ledger's role bindings keep the
  /// titles the report was made with: nothing shows them.)
  public func retitled(_ titles: [String: String]) -> SpendReport {
    var report = self
    report.titles = titles
    return report
  }

  /// Whether the component has any card.
  public func hasCards(of reference: ComponentReference) -> Bool { store.has(reference) }

  /// The roll-up of one unit.
  public func rollUp(_ unit: String) -> RollUp? { rollUps.first { $0.unit == unit } }

  /// Running sums of one unit's week, added to card by card. Amounts are summed as units of
  /// `FixedSum` where they are whole units (budgets, estimates and opportunities are the same on
  /// every card of a component, so converted once per component), exactly as money otherwise;
  /// 128 bits wide, as an organisation's annual opportunities pass 64 bits of units.
  private struct WeekSums {
    var spend = WideSum()
    var budget = WideSum()
    var estimate = WideSum()
    var annualOpportunity = WideSum()
    /// Distinct workloads: a workload's cards come together, so a new one is one not last seen.
    var workloads = 0
    var lastWorkload: String?
    var components = 0
    var otherCurrencies: [CurrencyAmount] = []

    mutating func add(_ card: SpendCard, _ fixed: ComponentUnits) {
      if let units = card.units {
        spend.add(units: units.spend)
      } else if !card.spend.value.isZero {
        spend.add(card.spend)
      }
      fixed.budget.map { budget.add(units: $0) } ?? budget.add(card.budget)
      fixed.estimate.map { estimate.add(units: $0) } ?? estimate.add(card.estimate)
      fixed.annual.map { annualOpportunity.add(units: $0) }
        ?? annualOpportunity.add(card.annualOpportunity)
      if lastWorkload != card.reference.workload {
        lastWorkload = card.reference.workload
        workloads += 1
      }
      components += 1
      if !card.otherCurrencies.isEmpty { otherCurrencies += card.otherCurrencies }
    }

    /// Adds another unit's sums: a child's, whose workloads are its own (a workload has one
    /// product), so counts add up.
    mutating func add(_ other: WeekSums) {
      spend.add(other.spend)
      budget.add(other.budget)
      estimate.add(other.estimate)
      annualOpportunity.add(other.annualOpportunity)
      workloads += other.workloads
      components += other.components
      otherCurrencies += other.otherCurrencies
    }
  }

  /// A component's budget, estimate and annual opportunity in units of `FixedSum`, each nil when
  /// it is not a whole number of units.
  private struct ComponentUnits {
    var reference: ComponentReference
    var budget: Int64?
    var estimate: Int64?
    var annual: Int64?

    init(_ card: SpendCard) {
      reference = card.reference
      budget = FixedSum.units(of: card.budget)
      estimate = FixedSum.units(of: card.estimate)
      annual = FixedSum.units(of: card.annualOpportunity)
    }
  }

  /// The weekly sums of `cards` by the product they name, of the products `taken` takes (a
  /// product outside the organisation left out).
  private static func directSums(
    _ cards: [SpendCard], _ organization: Organization, taken: (String) -> Bool
  ) -> [String: [Day: WeekSums]] {
    var direct: [String: [Day: WeekSums]] = [:]
    // A component's cards share its product and units: each run of them is placed once, and
    // added to its unit's weeks in place.
    forEachComponent(cards) { cards in
      let product = cards[0].product
      guard taken(product), organization.path(to: product) != nil else { return }
      let fixed = ComponentUnits(cards[0])
      var weeks = direct.removeValue(forKey: product) ?? [:]
      for index in cards.indices {
        let card = cards[index]  // taken once: each use through the pointer copies it
        weeks[card.week, default: WeekSums()].add(card, fixed)
      }
      direct[product] = weeks
    }
    return direct
  }

  /// Every unit's weekly sums, in tree order. Each card is added once, to the sums of the unit
  /// it names; every unit then adds its children's sums (the same totals as adding each card to
  /// every unit above it, as amounts are exact and currencies are sorted).
  private static func rollUps(_ cards: [SpendCard], _ organization: Organization) -> [RollUp] {
    // The cards are added on two cores, each taking the products of one parity of their hash:
    // a product's weeks are summed on one core, in card order, as one core summed them all.
    let halves = parallelMap(2) { half in
      directSums(cards, organization) { product in product.hashValue & 1 == half }
    }
    let direct = halves[0].merging(halves[1]) { first, _ in first }  // no product is in both
    var result: [RollUp] = []
    @discardableResult
    func visit(_ unit: OrgUnit, path: [String]) -> [Day: WeekSums] {
      let path = path + [unit.id]
      // A unit comes before its children in the list, but its sums need theirs first.
      let index = result.count
      result.append(
        RollUp(
          unit: unit.id, name: unit.name, level: path.count,
          levelName: organization.levelName(path.count), path: path, weeks: []))
      var sums = direct[unit.id] ?? [:]
      for child in unit.units {
        for (week, childSums) in visit(child, path: path) {
          sums[week, default: WeekSums()].add(childSums)
        }
      }
      var spend = WideSum()
      var budget = WideSum()
      let weeks = sums.sorted { $0.key < $1.key }.map { week, sums in
        spend.add(sums.spend)
        budget.add(sums.budget)
        return RollUpWeek(
          week: week, spend: sums.spend, budget: sums.budget,
          estimate: sums.estimate.money, liveWorkloads: sums.workloads,
          liveComponents: sums.components, annualOpportunity: sums.annualOpportunity.money,
          otherCurrencies: CurrencyAmount.totals(sums.otherCurrencies))
      }
      result[index] = RollUp(
        unit: unit.id, name: unit.name, level: path.count,
        levelName: organization.levelName(path.count), path: path, weeks: weeks, spend: spend,
        budget: budget)
      return sums
    }
    for unit in organization.units { visit(unit, path: []) }
    return result
  }
}
