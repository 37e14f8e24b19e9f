import FinOpsCore
import Foundation

// `site/api/spend.json`: every card, roll-up, finding, unattributed group, restatement and the
// reconciliation totals. Amounts are exact decimal strings (`"1234.5"` → `"1234.50"`, never a
// binary double); days are `YYYY-MM-DD`; keys are sorted and arrays are in the report's
// deterministic order, so the same input gives the same bytes.

extension SpendReport: Encodable {
  /// Encodes the whole report.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(currency, forKey: "currency")
    try container.encode(through.description, forKey: "through")
    try container.encode(cards, forKey: "cards")
    try container.encode(rollUps, forKey: "rollUps")
    try container.encode(ledger.findings, forKey: "findings")
    try container.encode(ledger.unattributed, forKey: "unattributed")
    try container.encode(ledger.restatements, forKey: "restatements")
    try container.encode(ledger.reconciliation, forKey: "reconciliation")
    try container.encode(ledger.deliveries, forKey: "deliveries")
    try container.encode(unplaced.map(\.description), forKey: "unplaced")
    try container.encode(ledger.components, forKey: "components")
  }

  /// The JSON of `site/api/spend.json`: sorted keys, pretty-printed, slashes unescaped. Written
  /// member by member and card by card (exactly what encoding the report at once gives; a test
  /// checks), as a year of cards is a large document.
  public func jsonData() throws -> Data { Data(try json()) }

  /// The same document as bytes.
  public func json() throws -> [UInt8] {
    try gathered { try json($0) }
  }

  /// The same document handed to `sink` in pieces (a thousand cards at a time), without the
  /// final newline: a year of cards is 150 MB for a large repository.
  public func json(_ sink: (inout [UInt8]) throws -> Void) throws {
    var writer = PrettyJSONWriter()
    jsonOpening(&writer)
    var runs = SpendCard.JSONRuns()
    for (index, card) in cards.enumerated() {
      writer.element()
      card.write(to: &writer, runs: &runs)
      if index % 1000 == 999 { try writer.drain(sink) }
    }
    try jsonRest(&writer, sink)
  }

  // The document in the three steps `json(_:)` takes, for a writer that copies parts of an
  // earlier version of it (a site's `api/spend.json`, when only titles changed): the opening,
  // each component's cards (`cardComponents`, in order), and the rest after the cards.

  /// The components with cards, in the order `cards` has them.
  public var cardComponents: [ComponentReference] { store.references }

  /// The document's start, up to its array of cards.
  public func jsonOpening(_ writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.key("cards")
    writer.beginArray()
  }

  /// One component's cards in the array of cards: the first where the writer stands (after
  /// the caller's `element()`), each other after its own.
  public func jsonCards(of reference: ComponentReference, _ writer: inout PrettyJSONWriter) {
    // Read in place, each card copied once to write it (through the slice's subscript, twice).
    cardSlice(of: reference).withUnsafeBufferPointer { cards in
      var runs = SpendCard.JSONRuns()
      for index in cards.indices {
        if index > 0 { writer.element() }
        cards[index].write(to: &writer, runs: &runs)
      }
    }
  }

  /// Everything after the last card, to the document's end (without the final newline), handed
  /// to `sink` with what the writer holds.
  public func jsonRest(_ writer: inout PrettyJSONWriter, _ sink: (inout [UInt8]) throws -> Void) throws {
    writer.endArray()
    // The large lists element by element (each component's weeks are a tree of their own).
    writer.key("components")
    try writer.encodedArray(ledger.components, into: sink)
    writer.key("currency")
    writer.string(currency)
    writer.key("deliveries")
    try writer.encoded(ledger.deliveries)
    writer.key("findings")
    try writer.encodedArray(ledger.findings, into: sink)
    writer.key("reconciliation")
    try writer.encoded(ledger.reconciliation)
    writer.key("restatements")
    try writer.encoded(ledger.restatements)
    writer.key("rollUps")
    writer.beginArray()
    for (index, rollUp) in rollUps.enumerated() {
      writer.element()
      rollUp.write(to: &writer)
      if index % 100 == 99 { try writer.drain(sink) }
    }
    writer.endArray()
    writer.key("through")
    writer.string(through.description)
    writer.key("unattributed")
    try writer.encodedArray(ledger.unattributed, into: sink)
    writer.key("unplaced")
    try writer.encoded(unplaced.map(\.description))
    writer.endObject()
    var rest = writer.finish()
    try sink(&rest)
  }
}

extension SpendCard: Encodable {
  /// Encodes a card.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(reference.workload, forKey: "workload")
    try container.encode(reference.component, forKey: "component")
    try container.encode(title, forKey: "title")
    try container.encode(product, forKey: "product")
    try container.encode(week.description, forKey: "week")
    try container.encode(weekEnd.description, forKey: "weekEnd")
    try container.encode(complete, forKey: "complete")
    try container.encode(currency, forKey: "currency")
    try container.encode(spend.canonical, forKey: "spend")
    try container.encode(billed.canonical, forKey: "billed")
    try container.encode(budget.canonical, forKey: "budget")
    try container.encode(estimate.canonical, forKey: "estimate")
    try container.encode(variance.canonical, forKey: "variance")
    try container.encode(estimateVariance.canonical, forKey: "estimateVariance")
    try container.encode(
      percentOfBudget.map { ExactDecimal.format($0, minimumFractionDigits: 1) },
      forKey: "percentOfBudget")
    try container.encode(state.rawValue, forKey: "state")
    try container.encode(topModels, forKey: "topModels")
    try container.encode(topMeters, forKey: "topMeters")
    try container.encode(otherCurrencies, forKey: "otherCurrencies")
    try container.encode(businessCase.valueType.rawValue, forKey: "valueType")
    try container.encode(annualOpportunity.canonical, forKey: "annualOpportunity")
    try container.encode(weeklyOpportunity.canonical, forKey: "weeklyOpportunity")
  }
}

extension SpendCard {
  /// The card as `encode(to:)` gives it through `PrettyJSONEncoder`, written by hand in sorted
  /// key order: a year of cards is 150 MB, and a tree per card through `Encodable` was a fifth of
  /// a large build's CPU. The report's test compares the two.
  func write(to writer: inout PrettyJSONWriter) {
    var runs = JSONRuns()
    write(to: &writer, runs: &runs)
  }

  /// The members a component's cards share (its title, product, budget, …), with the key that
  /// follows each run, as written at one depth: made for the first card and copied into the
  /// others. Two thirds of a card's keys are the component's; written one by one, they were
  /// most of the cost of the spend export.
  struct JSONRuns {
    /// The component's fields the runs were made from (kept, so that no other can take its
    /// place), and the depth of a card's members.
    private var shared: Shared?
    private var depth = -1
    /// In the card's key order: `annualOpportunity` and the key `billed`; `budget` and
    /// `complete`; `component`, `currency`, `estimate` and `estimateVariance`; `product` and
    /// `spend`; `title` and `topMeters`; `valueType` and `variance`; `weeklyOpportunity` and
    /// `workload`.
    private(set) var runs: [[UInt8]] = []

    /// The runs of `shared`'s cards inside an object open in `writer`.
    mutating func prepare(_ shared: Shared, _ writer: PrettyJSONWriter) {
      guard self.shared !== shared || depth != writer.depth else { return }
      let fields = shared.fields
      let canonical = shared.canonical
      runs = [
        writer.memberRun(
          [("annualOpportunity", canonical.annualOpportunity)], first: true, then: "billed"),
        writer.memberRun([("budget", canonical.budget)], first: false, then: "complete"),
        writer.memberRun(
          [
            ("component", fields.reference.component), ("currency", fields.currency),
            ("estimate", canonical.estimate),
          ],
          first: false, then: "estimateVariance"),
        writer.memberRun([("product", fields.product)], first: false, then: "spend"),
        writer.memberRun([("title", fields.title)], first: false, then: "topMeters"),
        writer.memberRun(
          [("valueType", fields.businessCase.valueType.rawValue)], first: false, then: "variance"),
        writer.memberRun(
          [
            ("weeklyOpportunity", canonical.weeklyOpportunity),
            ("workload", fields.reference.workload),
          ], first: false),
      ]
      self.shared = shared
      depth = writer.depth
    }
  }

  /// The card, its component's members copied from `runs` (remade when the component or the
  /// depth is not theirs).
  func write(to writer: inout PrettyJSONWriter, runs: inout JSONRuns) {
    // Amounts a card keeps in units are written from them, the component's from their text.
    let units = self.units
    func amount(_ units: Int64?, _ money: @autoclosure () -> Money) {
      if let units {
        writer.units(units)
      } else {
        writer.amount(money())
      }
    }
    writer.beginObject()
    runs.prepare(shared, writer)
    let run = runs.runs
    writer.members(run[0])
    amount(units?.billed, billed)
    writer.members(run[1])
    writer.bool(complete)
    writer.members(run[2])
    amount(units?.estimateVariance, estimateVariance)
    Self.write(otherCurrencies, as: "otherCurrencies", amount: \.amount, label: ("currency", \.currency), to: &writer)
    writer.key("percentOfBudget")
    if let percentOfBudget {
      writer.decimal(percentOfBudget, minimumFractionDigits: 1)
    } else {
      writer.null()
    }
    writer.members(run[3])
    amount(units?.spend, spend)
    writer.member("state", state.rawValue)
    writer.members(run[4])
    Self.write(topMeters, to: &writer)
    writer.key("topModels")
    Self.write(topModels, to: &writer)
    writer.members(run[5])
    amount(units?.variance, variance)
    writer.key("week")
    writer.day(week)
    writer.key("weekEnd")
    writer.day(weekEnd)
    writer.members(run[6])
    writer.endObject()
  }

  /// `[{"amount" : …, "name" : …}, …]`, as `NamedAmount` encodes.
  private static func write(_ items: [NamedAmount], to writer: inout PrettyJSONWriter) {
    writer.beginArray()
    for item in items {
      writer.element()
      writer.beginObject()
      writer.key("amount")
      if let units = item.wholeUnits {
        writer.units(units)
      } else {
        writer.amount(item.amount)
      }
      writer.member("name", item.name)
      writer.endObject()
    }
    writer.endArray()
  }

  /// `"key" : [{"amount" : …, "label" : …}, …]`, as `CurrencyAmount` and `NamedAmount` encode
  /// (`amount` sorts before both labels).
  static func write<Item>(
    _ items: [Item], as key: String, amount: KeyPath<Item, Money>,
    label: (key: String, path: KeyPath<Item, String>), to writer: inout PrettyJSONWriter
  ) {
    writer.key(key)
    writer.beginArray()
    for item in items {
      writer.element()
      writer.beginObject()
      writer.member("amount", item[keyPath: amount].canonical)
      writer.member(label.key, item[keyPath: label.path])
      writer.endObject()
    }
    writer.endArray()
  }
}

extension RollUp: Encodable {
  /// Encodes a roll-up.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(unit, forKey: "unit")
    try container.encode(name, forKey: "name")
    try container.encode(level, forKey: "level")
    try container.encode(levelName, forKey: "levelName")
    try container.encode(path, forKey: "path")
    try container.encode(weeks, forKey: "weeks")
    try container.encode(spend.canonical, forKey: "spend")
    try container.encode(budget.canonical, forKey: "budget")
    try container.encode(variance.canonical, forKey: "variance")
    try container.encode(state.rawValue, forKey: "state")
  }
}

extension RollUp {
  /// The roll-up as `encode(to:)` gives it through `PrettyJSONEncoder`, written by hand in
  /// sorted key order: a tree per roll-up week through `Encodable`, its keys sorted, cost as
  /// much as writing all the cards of a repository with a deep organization. The report's test
  /// compares the two.
  func write(to writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("budget", amount: budget)
    writer.key("level")
    writer.int(level)
    writer.member("levelName", levelName)
    writer.member("name", name)
    writer.key("path")
    writer.strings(path)
    writer.member("spend", amount: spend)
    writer.member("state", state.rawValue)
    writer.member("unit", unit)
    writer.member("variance", amount: variance)
    writer.key("weeks")
    writer.beginArray()
    for week in weeks {
      writer.element()
      week.write(to: &writer)
    }
    writer.endArray()
    writer.endObject()
  }
}

extension RollUpWeek {
  /// The week as `encode(to:)` gives it through `PrettyJSONEncoder`, written by hand.
  func write(to writer: inout PrettyJSONWriter) {
    writer.beginObject()
    writer.member("annualOpportunity", amount: annualOpportunity)
    writer.member("budget", amount: budget)
    writer.member("estimate", amount: estimate)
    writer.key("liveComponents")
    writer.int(liveComponents)
    writer.key("liveWorkloads")
    writer.int(liveWorkloads)
    SpendCard.write(
      otherCurrencies, as: "otherCurrencies", amount: \.amount, label: ("currency", \.currency), to: &writer)
    writer.member("spend", amount: spend)
    writer.member("state", state.rawValue)
    writer.member("variance", amount: variance)
    writer.key("week")
    writer.day(week)
    writer.endObject()
  }
}

extension RollUpWeek: Encodable {
  /// Encodes a roll-up week.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(week.description, forKey: "week")
    try container.encode(spend.canonical, forKey: "spend")
    try container.encode(budget.canonical, forKey: "budget")
    try container.encode(estimate.canonical, forKey: "estimate")
    try container.encode(variance.canonical, forKey: "variance")
    try container.encode(state.rawValue, forKey: "state")
    try container.encode(liveWorkloads, forKey: "liveWorkloads")
    try container.encode(liveComponents, forKey: "liveComponents")
    try container.encode(annualOpportunity.canonical, forKey: "annualOpportunity")
    try container.encode(otherCurrencies, forKey: "otherCurrencies")
  }
}

extension AllocationGap: Encodable {
  /// Encodes a finding.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(kind.rawValue, forKey: "kind")
    try container.encode(kind.title, forKey: "title")
    try container.encode(kind.isAttributed, forKey: "attributed")
    try container.encode(components.map(\.description), forKey: "components")
    try container.encode(message, forKey: "message")
    try container.encode(evidence, forKey: "evidence")
    try container.encode(action, forKey: "action")
  }
}

extension GapEvidence: Encodable {
  /// Encodes evidence.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(amounts, forKey: "amounts")
    try container.encode(rows, forKey: "rows")
    try container.encode(firstDay?.description, forKey: "firstDay")
    try container.encode(lastDay?.description, forKey: "lastDay")
    try container.encode(principal, forKey: "principal")
    try container.encode(observed, forKey: "observed")
    try container.encode(expected, forKey: "expected")
    try container.encode(sample.map { "\($0.path):\($0.line)" }, forKey: "sample")
  }
}

extension UnattributedSpend: Encodable {
  /// Encodes an unattributed group.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(reason.rawValue, forKey: "reason")
    try container.encode(reason.title, forKey: "title")
    try container.encode(principal, forKey: "principal")
    try container.encode(account, forKey: "account")
    try container.encode(currency, forKey: "currency")
    try container.encode(amounts.effective.canonical, forKey: "spend")
    try container.encode(amounts.billed.canonical, forKey: "billed")
    try container.encode(amounts.rows, forKey: "rows")
    try container.encode(firstDay.description, forKey: "firstDay")
    try container.encode(lastDay.description, forKey: "lastDay")
    try container.encode(components.map(\.description), forKey: "components")
    try container.encode(meters, forKey: "meters")
  }
}

extension Restatement: Encodable {
  /// Encodes a restatement.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(billingPeriod.description, forKey: "billingPeriod")
    try container.encode(account, forKey: "account")
    try container.encode(kept, forKey: "kept")
    try container.encode(replaced, forKey: "replaced")
    try container.encode(keptAmounts, forKey: "keptAmounts")
    try container.encode(replacedAmounts, forKey: "replacedAmounts")
  }
}

extension Reconciliation: Encodable {
  /// Encodes a reconciliation.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(currency, forKey: "currency")
    try container.encode(input, forKey: "input")
    try container.encode(attributed, forKey: "attributed")
    try container.encode(unattributed, forKey: "unattributed")
    try container.encode(balances, forKey: "balances")
  }
}

extension SpendAmounts: Encodable {
  /// Encodes effective, billed and rows.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(effective.canonical, forKey: "effective")
    try container.encode(billed.canonical, forKey: "billed")
    try container.encode(rows, forKey: "rows")
  }
}

extension CurrencyAmount: Encodable {
  /// Encodes currency and amount.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(currency, forKey: "currency")
    try container.encode(amount.canonical, forKey: "amount")
  }
}

extension NamedAmount: Encodable {
  /// Encodes name and amount.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(name, forKey: "name")
    try container.encode(amount.canonical, forKey: "amount")
  }
}

extension ComponentSpend: Encodable {
  /// Encodes a component's attributed totals and role.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: JSONKey.self)
    try container.encode(reference.workload, forKey: "workload")
    try container.encode(reference.component, forKey: "component")
    try container.encode(binding.roleARN, forKey: "roleArn")
    try container.encode(binding.claimedAt?.description, forKey: "claimedAt")
    try container.encode(binding.retiredAt?.description, forKey: "retiredAt")
    try container.encode(totals, forKey: "attributed")
  }
}

extension PrettyJSONWriter {
  /// `units` of 10⁻¹⁰ as a string value, as `Money.canonical` spells that amount.
  mutating func units(_ units: Int64) {
    plainString(maximum: FixedSum.canonicalMaximum) { FixedSum.writeCanonical(units, to: $0) }
  }

  /// A day as a string value, `YYYY-MM-DD`.
  mutating func day(_ day: Day) {
    if day.hasFourDigitYear {
      plainString(maximum: 10) { day.write(to: $0) }
    } else {
      plainString { day.append(to: &$0) }
    }
  }
}
