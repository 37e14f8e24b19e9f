import FinOpsCore
import Foundation

// The report in `BinaryWriter`'s form, for the build cache (`SpendCache`): every stored field,
// in declaration order, read back into the same values (a test compares them). Derived fields
// (variances, percentages, states) are stored too, so reading a year of cards does no decimal
// arithmetic.

extension SpendReport {
  /// The report as bytes.
  public func binary() -> [UInt8] {
    var out = BinaryWriter()
    write(to: &out)
    return out.bytes
  }

  /// A report from `binary()`'s bytes; throws `BinaryFormatError` for anything else.
  public init(binary bytes: [UInt8]) throws {
    var input = BinaryReader(bytes)
    try self.init(from: &input)
    guard input.atEnd else { throw BinaryFormatError(description: "bytes left after the report") }
  }

  /// Writes the report into a larger document: each component's cards, and the rest, a
  /// document of its own (its own string table), behind an index of the components, so that a
  /// report read back can read one component's cards alone (`CardStore`).
  public func write(to out: inout BinaryWriter) {
    out.string(currency)
    out.day(through)
    out.optional(lastCompleteWeek) { out, totals in
      out.day(totals.week)
      out.money(totals.spend)
      out.money(totals.budget)
    }
    // Each component's cards on whichever core is free, and the rest on its own.
    let cards = self.cards, rollUps = self.rollUps, unplaced = self.unplaced, ledger = self.ledger
    let leadIns = self.leadIns
    var runs: [Range<Int>] = []
    var start = 0
    for index in cards.indices where index + 1 == cards.count || cards[index + 1].reference != cards[index].reference {
      runs.append(start..<index + 1)
      start = index + 1
    }
    let components = runs
    let pieces = parallelMap(components.count + 1) { index -> [UInt8] in
      var piece = BinaryWriter()
      if index < components.count {
        for card in cards[components[index]] { card.write(to: &piece) }
      } else {
        piece.array(rollUps) { $1.write(to: &$0) }
        piece.array(unplaced) { $1.write(to: &$0) }
        piece.array(leadIns) { out, leadIn in
          leadIn.reference.write(to: &out)
          out.day(leadIn.firstCardWeek)
          out.money(leadIn.spend)
        }
        ledger.write(to: &piece)
      }
      return piece.bytes
    }
    out.unsigned(UInt64(components.count))
    for (run, piece) in zip(components, pieces) {
      cards[run.lowerBound].reference.write(to: &out)
      out.unsigned(UInt64(run.count))
      out.unsigned(UInt64(piece.count))
    }
    for piece in pieces.dropLast() { out.raw(piece[...]) }
    out.unsigned(UInt64(pieces[pieces.count - 1].count))
    out.raw(pieces[pieces.count - 1][...])
  }

  /// Reads what `write(to:)` wrote, every card at once on every core.
  public init(from input: inout BinaryReader) throws {
    try self.init(from: &input, cardsRead: true)
  }

  /// Reads what `write(to:)` wrote; the cards only as they are asked for unless `cardsRead`
  /// (the bytes are kept meanwhile). A report from a checksummed cache file is read that way:
  /// a card that then does not read is a fault of finops, and stops it.
  public init(lazilyFrom input: inout BinaryReader) throws {
    try self.init(from: &input, cardsRead: false)
  }

  private init(from input: inout BinaryReader, cardsRead: Bool) throws {
    let currency = try input.string()
    let through = try input.day()
    let last = try input.optional { input in
      WeekTotals(week: try input.day(), spend: try input.money(), budget: try input.money())
    }
    var documents: [CardStore.Document] = []
    var position = 0
    for _ in 0..<(try input.count()) {
      let reference = try ComponentReference(from: &input)
      let count = try input.count()
      let length = try input.count()
      documents.append(CardStore.Document(reference: reference, count: count, range: position..<position + length))
      position += length
    }
    // The index placed the documents from 0: they start here.
    let base = input.position
    documents = documents.map { document in
      var document = document
      document.range = base + document.range.lowerBound..<base + document.range.upperBound
      return document
    }
    try input.skip(position)
    let length = try input.count()
    var rest = input.reader(input.position..<input.position + length)
    try input.skip(length)
    let rollUps = try rest.array { try RollUp(from: &$0) }
    let unplaced = try rest.array { try ComponentReference(from: &$0) }
    let leadIns = try rest.array { input in
      LeadIn(
        reference: try ComponentReference(from: &input), firstCardWeek: try input.day(),
        spend: try input.money())
    }
    let ledger = try SpendLedger(from: &rest, lazily: !cardsRead)
    guard rest.atEnd else { throw BinaryFormatError(description: "bytes left after the report") }
    // The index is checked either way: every document inside the bytes, in order, once.
    var store = try CardStore(bytes: input.storage, documents: documents)
    if cardsRead { store = CardStore(try CardStore.read(documents, in: input.storage)) }
    self.init(
      currency: currency, through: through, store: store, lastCompleteWeek: last, rollUps: rollUps,
      unplaced: unplaced, ledger: ledger, leadIns: leadIns)
  }
}

extension BinaryWriter {
  mutating func amounts(_ value: [CurrencyAmount]) {
    array(value) { out, item in
      out.string(item.currency)
      out.money(item.amount)
    }
  }
  mutating func named(_ value: [NamedAmount]) {
    array(value) { out, item in
      out.string(item.name)
      out.money(item.amount)
    }
  }
  mutating func spendAmounts(_ value: SpendAmounts) {
    money(value.effective)
    money(value.billed)
    int(value.rows)
  }
}

extension BinaryReader {
  mutating func amounts() throws -> [CurrencyAmount] {
    try array { CurrencyAmount(currency: try $0.string(), amount: try $0.money()) }
  }
  mutating func named() throws -> [NamedAmount] {
    try array { NamedAmount(name: try $0.string(), amount: try $0.money()) }
  }
  mutating func spendAmounts() throws -> SpendAmounts {
    SpendAmounts(effective: try money(), billed: try money(), rows: try int())
  }
}

extension ComponentReference {
  func write(to out: inout BinaryWriter) {
    out.string(workload)
    out.string(component)
  }

  init(from input: inout BinaryReader) throws {
    self.init(workload: try input.string(), component: try input.string())
  }
}

extension SpendCard {
  func write(to out: inout BinaryWriter) {
    reference.write(to: &out)
    out.string(title)
    out.string(product)
    out.day(week)
    out.bool(complete)
    out.string(currency)
    out.money(spend)
    out.money(billed)
    out.money(budget)
    out.money(estimate)
    out.money(variance)
    out.money(estimateVariance)
    out.optional(percentOfBudget) { $0.decimal($1) }
    out.string(state.rawValue)
    out.named(topModels)
    out.named(topMeters)
    out.amounts(otherCurrencies)
    out.businessCase(businessCase)
    out.money(annualOpportunity)
    out.money(weeklyOpportunity)
  }

  /// Every stored field as written, none derived again. The component's fields are taken from
  /// `previous` (the card before, of the same component as a rule) when they are its, so that
  /// the cards read hold them once.
  init(from input: inout BinaryReader, after previous: SpendCard? = nil) throws {
    let reference = try ComponentReference(from: &input)
    let title = try input.string()
    let product = try input.string()
    let week = try input.day()
    let complete = try input.bool()
    let currency = try input.string()
    let spend = try input.money()
    let billed = try input.money()
    let budget = try input.money()
    let estimate = try input.money()
    let variance = try input.money()
    let estimateVariance = try input.money()
    let percentOfBudget = try input.optional { try $0.decimal() }
    let state = try input.rawValue(SpendState.self)
    let topModels = try input.named()
    let topMeters = try input.named()
    let otherCurrencies = try input.amounts()
    let fields = Fields(
      reference: reference, title: title, product: product, currency: currency, budget: budget,
      estimate: estimate, businessCase: try input.businessCase(), annualOpportunity: try input.money(),
      weeklyOpportunity: try input.money())
    self.init(
      shared: previous.flatMap { $0.shared.fields == fields ? $0.shared : nil } ?? Shared(fields), week: week,
      complete: complete, spend: spend, billed: billed, variance: { variance },
      estimateVariance: { estimateVariance }, percentOfBudget: percentOfBudget, state: state,
      topModels: topModels, topMeters: topMeters, otherCurrencies: otherCurrencies)
  }
}

extension RollUp {
  func write(to out: inout BinaryWriter) {
    out.string(unit)
    out.string(name)
    out.int(level)
    out.string(levelName)
    out.array(path) { $0.string($1) }
    out.array(weeks) { out, week in
      out.day(week.week)
      out.money(week.spend)
      out.money(week.budget)
      out.money(week.estimate)
      out.int(week.liveWorkloads)
      out.int(week.liveComponents)
      out.money(week.annualOpportunity)
      out.amounts(week.otherCurrencies)
    }
  }

  init(from input: inout BinaryReader) throws {
    self.init(
      unit: try input.string(), name: try input.string(), level: try input.int(),
      levelName: try input.string(), path: try input.array { try $0.string() },
      weeks: try input.array { input in
        RollUpWeek(
          week: try input.day(), spend: try input.money(), budget: try input.money(),
          estimate: try input.money(), liveWorkloads: try input.int(),
          liveComponents: try input.int(), annualOpportunity: try input.money(),
          otherCurrencies: try input.amounts())
      })
  }
}

extension SpendLedger {
  func write(to out: inout BinaryWriter) {
    // The components after their length, so that a reader can leave them for later.
    var section = BinaryWriter()
    section.array(components) { out, component in
      component.binding.write(to: &out)
      out.amounts(component.totals)
      out.array(component.weeks) { out, week in
        out.day(week.monday)
        out.string(week.currency)
        out.spendAmounts(week.amounts)
        out.named(week.models)
        out.named(week.meters)
      }
    }
    out.unsigned(UInt64(section.bytes.count))
    out.raw(section.bytes[...])
    out.array(unattributed) { out, item in
      out.string(item.reason.rawValue)
      out.optional(item.principal) { $0.string($1) }
      out.optional(item.account) { $0.string($1) }
      out.string(item.currency)
      out.spendAmounts(item.amounts)
      out.day(item.firstDay)
      out.day(item.lastDay)
      out.array(item.components) { $1.write(to: &$0) }
      out.named(item.meters)
    }
    out.array(findings) { out, gap in
      out.string(gap.kind.rawValue)
      out.array(gap.components) { $1.write(to: &$0) }
      out.string(gap.message)
      let evidence = gap.evidence
      out.amounts(evidence.amounts)
      out.int(evidence.rows)
      out.optional(evidence.firstDay) { $0.day($1) }
      out.optional(evidence.lastDay) { $0.day($1) }
      out.optional(evidence.principal) { $0.string($1) }
      out.optional(evidence.observed) { $0.string($1) }
      out.optional(evidence.expected) { $0.string($1) }
      out.optional(evidence.sample) { out, sample in
        out.string(sample.path)
        out.int(sample.line)
        out.int(sample.column)
      }
      out.string(gap.action)
    }
    out.array(reconciliation) { out, line in
      out.string(line.currency)
      out.spendAmounts(line.input)
      out.spendAmounts(line.attributed)
      out.spendAmounts(line.unattributed)
    }
    out.array(restatements) { out, restatement in
      out.day(restatement.billingPeriod)
      out.string(restatement.account)
      out.string(restatement.kept)
      out.array(restatement.replaced) { $0.string($1) }
      out.amounts(restatement.keptAmounts)
      out.amounts(restatement.replacedAmounts)
    }
    out.array(deliveries) { $0.string($1) }
  }

  /// The components `write(to:)` wrote in `section`.
  private static func components(_ section: BinaryReader) throws -> [ComponentSpend] {
    var input = section
    let components = try input.array { input in
      ComponentSpend(
        binding: try RoleBinding(from: &input), totals: try input.amounts(),
        weeks: try input.array { input in
          WeekSpend(
            monday: try input.day(), currency: try input.string(), amounts: try input.spendAmounts(),
            models: try input.named(), meters: try input.named())
        })
    }
    guard input.atEnd else { throw BinaryFormatError(description: "bytes left after the components") }
    return components
  }

  /// Reads what `write(to:)` wrote; the components now, or, when `lazily`, when first asked
  /// for (from a checksummed cache file: components that then do not read are a fault of
  /// finops, and stop it).
  init(from input: inout BinaryReader, lazily: Bool = false) throws {
    let length = try input.count()
    let section = input.reader(input.position..<input.position + length)
    try input.skip(length)
    let componentStore: MadeOnce<[ComponentSpend]>
    if lazily {
      componentStore = MadeOnce {
        do { return try Self.components(section) } catch {
          preconditionFailure("the spend report kept in the build cache does not read: \(error)")
        }
      }
    } else {
      let read = try Self.components(section)
      componentStore = MadeOnce { read }
    }
    let unattributed = try input.array { input in
      UnattributedSpend(
        reason: try input.rawValue(UnattributedReason.self),
        principal: try input.optional { try $0.string() }, account: try input.optional { try $0.string() },
        currency: try input.string(), amounts: try input.spendAmounts(), firstDay: try input.day(),
        lastDay: try input.day(), components: try input.array { try ComponentReference(from: &$0) },
        meters: try input.named())
    }
    let findings = try input.array { input in
      AllocationGap(
        kind: try input.rawValue(AllocationGap.Kind.self),
        components: try input.array { try ComponentReference(from: &$0) }, message: try input.string(),
        evidence: GapEvidence(
          amounts: try input.amounts(), rows: try input.int(), firstDay: try input.optional { try $0.day() },
          lastDay: try input.optional { try $0.day() }, principal: try input.optional { try $0.string() },
          observed: try input.optional { try $0.string() }, expected: try input.optional { try $0.string() },
          sample: try input.optional { input in
            SourceLocation(path: try input.string(), line: try input.int(), column: try input.int())
          }),
        action: try input.string())
    }
    let reconciliation = try input.array { input in
      Reconciliation(
        currency: try input.string(), input: try input.spendAmounts(), attributed: try input.spendAmounts(),
        unattributed: try input.spendAmounts())
    }
    let restatements = try input.array { input in
      Restatement(
        billingPeriod: try input.day(), account: try input.string(), kept: try input.string(),
        replaced: try input.array { try $0.string() }, keptAmounts: try input.amounts(),
        replacedAmounts: try input.amounts())
    }
    self.init(
      componentStore: componentStore, unattributed: unattributed, findings: findings,
      reconciliation: reconciliation, restatements: restatements,
      deliveries: try input.array { try $0.string() })
  }
}

extension RoleBinding {
  /// Also the attribution inputs of a cache key (without the title, which only the cards
  /// show: `SpendReport.retitled(_:)`): everything attribution and the cards read of a
  /// component.
  func write(to out: inout BinaryWriter, title withTitle: Bool = true) {
    reference.write(to: &out)
    if withTitle { out.string(title) }
    out.string(product)
    out.string(status.rawValue)
    out.string(roleName)
    out.string(account)
    out.string(region)
    out.string(model)
    out.optional(claimedAt) { $0.timestamp($1) }
    out.optional(retiredAt) { $0.timestamp($1) }
    out.money(monthlyBudget)
    out.money(monthlyEstimate)
    out.businessCase(businessCase)
  }

  init(from input: inout BinaryReader) throws {
    self.init(
      reference: try ComponentReference(from: &input), title: try input.string(), product: try input.string(),
      status: try input.rawValue(Status.self), roleName: try input.string(), account: try input.string(),
      region: try input.string(), model: try input.string(),
      claimedAt: try input.optional { try $0.timestamp() }, retiredAt: try input.optional { try $0.timestamp() },
      monthlyBudget: try input.money(), monthlyEstimate: try input.money(),
      businessCase: try input.businessCase())
  }
}
