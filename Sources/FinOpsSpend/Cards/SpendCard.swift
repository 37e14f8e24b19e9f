import FinOpsCore
import Foundation

/// A weekly Cloud Spend Card: one claimed component's spend in one week (Monday to Sunday, UTC)
/// against its budget, with what it was spent on and the business case it serves.
///
/// Amounts are in the repository currency; spend in other currencies is listed apart and not
/// compared with the budget. Spend is exact (the sum of effective cost); budgets are pro-rated
/// by `WeeklyBudget` and rounded to cents; variance is spend minus budget, exact.
public struct SpendCard: Sendable, Hashable {
  /// What every card of one component shows alike: held once for all of them (a year of cards
  /// for 10,000 workloads is 160,000 cards), each card pointing at it.
  final class Shared: Sendable {
    let fields: Fields
    /// The budget and estimate in `FixedSum` units, when they are whole numbers of them.
    let budgetUnits: Int64?
    let estimateUnits: Int64?
    /// The amounts every card of the component shows, as `Money.canonical` writes them (made
    /// once for the export's tens of thousands of cards).
    let canonical: (budget: String, estimate: String, annualOpportunity: String, weeklyOpportunity: String)

    init(_ fields: Fields) {
      self.fields = fields
      budgetUnits = FixedSum.units(of: fields.budget)
      estimateUnits = FixedSum.units(of: fields.estimate)
      canonical = (
        fields.budget.canonical, fields.estimate.canonical, fields.annualOpportunity.canonical,
        fields.weeklyOpportunity.canonical
      )
    }
  }

  /// The fields `Shared` holds.
  struct Fields: Sendable, Hashable {
    var reference: ComponentReference
    var title: String
    var product: String
    var currency: String
    var budget: Money
    var estimate: Money
    var businessCase: BusinessCase
    var annualOpportunity: Money
    var weeklyOpportunity: Money
  }

  /// The fields of this card's week. The amounts are kept as whole numbers of `FixedSum` units
  /// (8 bytes where a `Decimal` takes 20), the variances made from them when asked for; a card
  /// whose amounts are not such numbers keeps every amount as it is in `exact`.
  struct Weekly: Sendable, Hashable {
    var week: Day
    var spendUnits: Int64 = 0
    var billedUnits: Int64 = 0
    /// The percentage of budget in tenths, when `hasPercent`.
    var percentTenths: Int64 = 0
    var complete: Bool
    var hasPercent = false
    var state: SpendState
    var topModels: [NamedAmount]
    var topMeters: [NamedAmount]
    var otherCurrencies: [CurrencyAmount]
    var exact: Exact?
  }

  /// A card's amounts as they are, for one that units cannot hold.
  final class Exact: Sendable, Hashable {
    let spend: Money
    let billed: Money
    let variance: Money
    let estimateVariance: Money
    let percentOfBudget: Decimal?

    init(spend: Money, billed: Money, variance: Money, estimateVariance: Money, percentOfBudget: Decimal?) {
      self.spend = spend
      self.billed = billed
      self.variance = variance
      self.estimateVariance = estimateVariance
      self.percentOfBudget = percentOfBudget
    }

    static func == (lhs: Exact, rhs: Exact) -> Bool {
      lhs.spend == rhs.spend && lhs.billed == rhs.billed && lhs.variance == rhs.variance
        && lhs.estimateVariance == rhs.estimateVariance && lhs.percentOfBudget == rhs.percentOfBudget
    }

    func hash(into hasher: inout Hasher) {
      hasher.combine(spend)
      hasher.combine(billed)
    }
  }

  private(set) var shared: Shared
  private var weekly: Weekly

  /// The component.
  public var reference: ComponentReference { shared.fields.reference }
  /// The workload's title.
  public var title: String { shared.fields.title }
  /// The workload's E4 unit.
  public var product: String { shared.fields.product }
  /// The week's Monday.
  public var week: Day {
    get { weekly.week }
    set { weekly.week = newValue }
  }
  /// Whether the whole week is covered (its Sunday is not after the report's last day).
  public var complete: Bool {
    get { weekly.complete }
    set { weekly.complete = newValue }
  }
  /// The repository currency.
  public var currency: String { shared.fields.currency }
  /// Effective cost in the week.
  public var spend: Money { weekly.exact?.spend ?? FixedSum.money(weekly.spendUnits) }
  /// Billed cost in the week.
  public var billed: Money { weekly.exact?.billed ?? FixedSum.money(weekly.billedUnits) }
  /// The Product Owner's monthly budget, pro-rated to the week.
  public var budget: Money { shared.fields.budget }
  /// The FinOps Lead's confirmed monthly estimate, pro-rated to the week.
  public var estimate: Money { shared.fields.estimate }
  /// Spend, billed cost and the variances in `FixedSum` units, when the card keeps them so.
  /// (Units are kept only when the budget and estimate have them and the differences fit.)
  var units: (spend: Int64, billed: Int64, variance: Int64, estimateVariance: Int64)? {
    guard weekly.exact == nil else { return nil }
    let spend = weekly.spendUnits
    return (spend, weekly.billedUnits, spend - (shared.budgetUnits ?? 0), spend - (shared.estimateUnits ?? 0))
  }

  /// Spend minus budget.
  public var variance: Money { units.map { FixedSum.money($0.variance) } ?? weekly.exact!.variance }
  /// Spend minus estimate.
  public var estimateVariance: Money {
    units.map { FixedSum.money($0.estimateVariance) } ?? weekly.exact!.estimateVariance
  }
  /// Spend as a percentage of budget, one decimal; nil for a zero budget.
  public var percentOfBudget: Decimal? {
    if let exact = weekly.exact { return exact.percentOfBudget }
    guard weekly.hasPercent else { return nil }
    let tenths = weekly.percentTenths
    guard tenths != 0 else { return Decimal(0) }
    return Decimal(sign: tenths < 0 ? .minus : .plus, exponent: -1, significand: Decimal(tenths.magnitude))
  }
  /// On plan, watch or over, against the budget.
  public var state: SpendState { weekly.state }
  /// The three models with the most spend.
  public var topModels: [NamedAmount] { weekly.topModels }
  /// The three meters with the most spend.
  public var topMeters: [NamedAmount] { weekly.topMeters }
  /// Spend in other currencies than the repository's.
  public var otherCurrencies: [CurrencyAmount] { weekly.otherCurrencies }
  /// The declared business case.
  public var businessCase: BusinessCase { shared.fields.businessCase }
  /// The declared annual opportunity (baseline × target percent, to the cent).
  public var annualOpportunity: Money { shared.fields.annualOpportunity }
  /// The declared annual opportunity, pro-rated to the week.
  public var weeklyOpportunity: Money { shared.fields.weeklyOpportunity }

  /// Creates a card; the opportunities are derived from `businessCase` when not given.
  public init(
    reference: ComponentReference, title: String, product: String, week: Day, complete: Bool,
    currency: String, spend: Money, billed: Money, budget: Money, estimate: Money,
    topModels: [NamedAmount], topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount],
    businessCase: BusinessCase, annualOpportunity: Money? = nil, weeklyOpportunity: Money? = nil
  ) {
    let annual = annualOpportunity ?? businessCase.annualOpportunity
    self.init(
      shared: Shared(
        Fields(
          reference: reference, title: title, product: product, currency: currency, budget: budget,
          estimate: estimate, businessCase: businessCase, annualOpportunity: annual,
          weeklyOpportunity: weeklyOpportunity ?? WeeklyBudget.fromAnnual(annual))),
      week: week, complete: complete, spend: spend, billed: billed, topModels: topModels,
      topMeters: topMeters, otherCurrencies: otherCurrencies)
  }

  /// A card of the component `shared` describes (callers making many cards of one component
  /// make its `Shared` once).
  init(
    shared: Shared, week: Day, complete: Bool, spend: Money, billed: Money, topModels: [NamedAmount],
    topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount]
  ) {
    // Nearly every card's amounts are whole numbers of `FixedSum` units: its state and
    // percentage are then worked out in integers, as the `Decimal` arithmetic below gives them
    // (which cost as much as the rest of making the card).
    if let units = Self.units(spend: spend, billed: billed, shared),
      let percent = Self.percentTenths(spendUnits: units.spend, budgetUnits: units.budget)
    {
      self.init(
        shared: shared,
        weekly: Weekly(
          week: week, spendUnits: units.spend, billedUnits: units.billed,
          percentTenths: percent.tenths, complete: complete, hasPercent: percent.has,
          state: SpendState(spendUnits: units.spend, budgetUnits: units.budget),
          topModels: topModels, topMeters: topMeters, otherCurrencies: otherCurrencies))
      return
    }
    let budget = shared.fields.budget
    self.init(
      shared: shared, week: week, complete: complete, spend: spend, billed: billed,
      variance: { spend - budget }, estimateVariance: { spend - shared.fields.estimate },
      percentOfBudget: SpendState.percent(spend: spend, budget: budget),
      state: SpendState(spend: spend, budget: budget), topModels: topModels, topMeters: topMeters,
      otherCurrencies: otherCurrencies)
  }

  private init(shared: Shared, weekly: Weekly) {
    self.shared = shared
    self.weekly = weekly
  }

  /// A card of every field as given (one read back from its binary form): in units when the
  /// amounts are whole numbers of them and the variances their differences, as they are
  /// otherwise. The variances are asked for only when units cannot hold the card.
  init(
    shared: Shared, week: Day, complete: Bool, spend: Money, billed: Money, variance: () -> Money,
    estimateVariance: () -> Money, percentOfBudget: Decimal?, state: SpendState, topModels: [NamedAmount],
    topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount]
  ) {
    self.shared = shared
    weekly = Weekly(
      week: week, complete: complete, state: state, topModels: topModels, topMeters: topMeters,
      otherCurrencies: otherCurrencies)
    // The percentage as tenths: none, or a whole number of them that fits.
    var percent: (has: Bool, tenths: Int64)? = (false, 0)
    if let percentOfBudget { percent = Self.tenths(percentOfBudget).map { (true, $0) } }
    if let units = Self.units(spend: spend, billed: billed, shared), let percent {
      weekly.spendUnits = units.spend
      weekly.billedUnits = units.billed
      weekly.hasPercent = percent.has
      weekly.percentTenths = percent.tenths
    } else {
      weekly.exact = Exact(
        spend: spend, billed: billed, variance: variance(), estimateVariance: estimateVariance(),
        percentOfBudget: percentOfBudget)
    }
  }

  /// The card's amounts in `FixedSum` units, when units hold them all and the variances (spend
  /// minus budget, minus estimate) fit; nil otherwise (the card keeps them as they are).
  private static func units(
    spend: Money, billed: Money, _ shared: Shared
  ) -> (spend: Int64, billed: Int64, budget: Int64)? {
    guard let spendUnits = FixedSum.units(of: spend), let billedUnits = FixedSum.units(of: billed),
      let budgetUnits = shared.budgetUnits, let estimateUnits = shared.estimateUnits,
      !spendUnits.subtractingReportingOverflow(budgetUnits).overflow,
      !spendUnits.subtractingReportingOverflow(estimateUnits).overflow
    else { return nil }
    return (spendUnits, billedUnits, budgetUnits)
  }

  /// The percentage of budget as `tenths(_:)` of `SpendState.percent` gives it, in integers: none
  /// when the budget is not above zero; nil when the integers cannot tell (left to `Decimal`).
  private static func percentTenths(
    spendUnits: Int64, budgetUnits: Int64
  ) -> (has: Bool, tenths: Int64)? {
    guard budgetUnits > 0 else { return (false, 0) }
    guard
      let (quotient, negative) = SpendState.tenths(
        spendUnits: spendUnits, budgetUnits: budgetUnits),
      quotient <= UInt64(Int64.max) / 1_000_000_000
    else { return nil }
    return (true, negative ? -Int64(quotient) : Int64(quotient))
  }

  /// A percentage to one decimal as tenths; nil when it is no whole number of tenths or too large.
  private static func tenths(_ percent: Decimal) -> Int64? {
    guard let units = FixedSum.units(of: Money(percent)), units % 1_000_000_000 == 0 else { return nil }
    return units / 1_000_000_000
  }

  /// Equal when every field is.
  public static func == (lhs: SpendCard, rhs: SpendCard) -> Bool {
    (lhs.shared === rhs.shared || lhs.shared.fields == rhs.shared.fields) && lhs.weekly == rhs.weekly
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(shared.fields)
    hasher.combine(weekly)
  }

  /// The spend of `cards` together, exact (summed in units where the cards keep them).
  public static func totalSpend(_ cards: some Sequence<SpendCard>) -> Money {
    var sum = FixedSum()
    for card in cards { sum.add(card) }
    return sum.money
  }

  /// `totalSpend(_:)` of cards read in place (each card an iterator gives is a copy).
  public static func totalSpend(_ cards: UnsafeBufferPointer<SpendCard>) -> Money {
    var sum = FixedSum()
    for index in cards.indices { sum.add(cards[index]) }
    return sum.money
  }

  /// Whether spend is over budget (the variance is above zero), without making the variance.
  public var isOverBudget: Bool {
    if let units { return units.variance > 0 }
    return variance > .zero
  }

  /// The week's Sunday.
  public var weekEnd: Day { week.adding(days: 6) }

  /// The first card week of a component claimed at `claim`: the first Monday strictly after the
  /// claim's UTC day. A claim on Sunday starts cards the next day; a claim on a Monday (at any
  /// time, midnight included) starts them a week later; a mid-week claim, the next Monday.
  public static func firstWeek(claimedAt claim: Timestamp) -> Day {
    claim.day.monday.adding(days: 7)
  }

  /// The last card week of a component retired at `retirement` (the week holding the last
  /// second it was live), or of a report through `through`.
  public static func lastWeek(retiredAt retirement: Timestamp?, through: Day) -> Day {
    let last = through.monday
    guard let retirement else { return last }
    return min(last, retirement.adding(seconds: -1).day.monday)
  }
}

extension SpendCard {
  /// The cards of one component (sharing one `Shared`) as cards of a workload titled `title`:
  /// the same cards when it is their title, else copies sharing one `Shared` with that title.
  /// Titles are compared byte for byte: a composed accent and a decomposed one are equal
  /// `String`s, but not the same export.
  static func titled(_ cards: [SpendCard], _ title: String) -> [SpendCard] {
    let exact = ExactText(title)
    guard cards.contains(where: { ExactText($0.shared.fields.title) != exact }) else { return cards }
    var replaced: (old: Shared, new: Shared)?
    return cards.map { card in
      guard ExactText(card.shared.fields.title) != exact else { return card }
      var copy = card
      if let replaced, replaced.old === card.shared {
        copy.shared = replaced.new
      } else {
        var fields = card.shared.fields
        fields.title = title
        let new = Shared(fields)
        replaced = (card.shared, new)
        copy.shared = new
      }
      return copy
    }
  }
}

extension FixedSum {
  /// Adds the spend of `card`, in units where the card keeps them.
  fileprivate mutating func add(_ card: SpendCard) {
    if let units = card.units { add(units: units.spend) } else { add(card.spend) }
  }
}
