import FinOpsCore
@testable import FinOpsSpend
import Foundation
import Testing

@Suite("Weekly Cloud Spend Cards and roll-ups")
struct SpendCardTests {
  let k7q2 = ComponentReference(workload: "claims-assistant", component: "k7q2")
  let m3nx = ComponentReference(workload: "claims-assistant", component: "m3nx")
  let s5un = ComponentReference(workload: "subrogation-letters", component: "s5un")
  let x2tg = ComponentReference(workload: "invoice-coder", component: "x2tg")

  func report(_ records: [SpendRecord], through: String = "2026-11-01") -> SpendReport {
    let ledger = Attribution.attribute(
      records: records, workloads: Samples.workloads, configuration: Samples.configuration)
    return SpendReport.make(
      ledger: ledger, configuration: Samples.configuration, through: Samples.day(through))
  }

  @Test(
    "the first card week is the Monday after the claim",
    arguments: [
      ("2026-10-11T22:30:00Z", "2026-10-12"),  // Sunday: the next day
      ("2026-10-12T00:00:00Z", "2026-10-19"),  // Monday at midnight: a week later
      ("2026-10-12T09:00:00Z", "2026-10-19"),  // Monday: a week later
      ("2026-10-07T14:00:00Z", "2026-10-12"),  // Wednesday: the next Monday
    ])
  func firstWeek(claim: String, monday: String) {
    #expect(SpendCard.firstWeek(claimedAt: Samples.time(claim)) == Samples.day(monday))
  }

  @Test("cards run Monday to Sunday from the first week to the last, with or without spend")
  func boundaries() {
    let report = report([
      // Wednesday claim week: attributed, but before the first card.
      Samples.row("2026-10-09", "5.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row("2026-10-12", "1.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row("2026-10-18", "2.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row("2026-10-19", "4.00", principal: Samples.session("finops-claims-assistant-k7q2")),
    ])
    let cards = report.cards(of: k7q2)
    #expect(cards.map(\.week.description) == ["2026-10-12", "2026-10-19", "2026-10-26"])
    #expect(cards.map(\.weekEnd.description) == ["2026-10-18", "2026-10-25", "2026-11-01"])
    #expect(cards.map(\.spend) == [Money(3), Money(4), .zero])
    #expect(cards.map(\.complete) == [true, true, true])
    #expect(
      report.cards(of: s5un).map(\.week.description) == ["2026-10-12", "2026-10-19", "2026-10-26"])
    #expect(report.cards(of: m3nx).map(\.week.description) == ["2026-10-19", "2026-10-26"])
    #expect(report.ledger.spend(of: k7q2)?.totals.first?.amount == Money(12))
    // The claim week's spend is no card's, and shown as the lead-in to the first.
    #expect(
      report.leadIns == [
        SpendReport.LeadIn(
          reference: k7q2, firstCardWeek: Samples.day("2026-10-12"), spend: Money(5))
      ])
    #expect(report.leadIn(of: s5un) == nil)
    let partial = self.report([], through: "2026-10-28")
    #expect(partial.cards(of: k7q2).last?.complete == false)
  }

  @Test(
    "spend before a component's first card is its lead-in, in the report currency, cards or not")
  func leadIn() {
    let k7 = Samples.session("finops-claims-assistant-k7q2")
    let rows = [
      Samples.row("2026-10-08", "5.00", principal: k7),
      Samples.row("2026-10-09", "2.50", principal: k7),
      Samples.row("2026-10-09", "9", principal: k7, currency: "EUR"),
      Samples.row("2026-10-12", "1.00", principal: k7),
    ]
    // Built the Saturday of the claim week: no card yet, the lead-in alone.
    let early = report(rows, through: "2026-10-10")
    #expect(early.cards(of: k7q2).isEmpty)
    #expect(early.leadIn(of: k7q2)?.spend == Money(parsing: "7.50"))
    #expect(early.leadIn(of: k7q2)?.firstCardWeek == Samples.day("2026-10-12"))
    // Later, the first card has the Monday's dollar and the lead-in stays what it was.
    let later = report(rows)
    #expect(later.cards(of: k7q2).first?.spend == Money(1))
    #expect(later.leadIn(of: k7q2)?.spend == Money(parsing: "7.50"))
    #expect(report([]).leadIns.isEmpty)
  }

  @Test("a retired component's cards stop with the week it was retired in")
  func retired() {
    let cards = report([]).cards(of: x2tg)
    #expect(cards.first?.week.description == "2026-09-07")
    #expect(cards.last?.week.description == "2026-10-12")
    #expect(cards.count == 6)
  }

  @Test("budgets are pro-rated monthly × 336 / 1461 and rounded to cents once")
  func proRating() {
    #expect(WeeklyBudget.fromMonthly(Money(1200)) == Money(parsing: "275.98"))
    #expect(WeeklyBudget.fromMonthly(Money(1134)) == Money(parsing: "260.80"))
    #expect(WeeklyBudget.fromMonthly(Money(300)) == Money(parsing: "68.99"))
    #expect(WeeklyBudget.fromAnnual(Money(72_000)) == Money(parsing: "1379.88"))
    let card = report([]).cards(of: k7q2)[0]
    #expect(card.budget == Money(parsing: "275.98"))
    #expect(card.estimate == Money(parsing: "260.80"))
    #expect(card.businessCase.annualOpportunity == Money(72_000))
    #expect(card.weeklyOpportunity == Money(parsing: "1379.88"))
  }

  @Test(
    "the state is on plan up to 100% of budget, watch up to 110%, over above",
    arguments: [
      ("275.98", SpendState.onPlan), ("0", .onPlan), ("-3", .onPlan), ("275.99", .watch),
      ("303.578", .watch), ("303.5781", .over), ("1000", .over),
    ])
  func states(spend: String, state: SpendState) {
    let budget = Money(parsing: "275.98") ?? .zero
    #expect(SpendState(spend: Money(parsing: spend) ?? .zero, budget: budget) == state)
  }

  @Test("a zero budget is on plan without spend and over with any")
  func zeroBudget() {
    #expect(SpendState(spend: .zero, budget: .zero) == .onPlan)
    #expect(SpendState(spend: Money(parsing: "0.01") ?? .zero, budget: .zero) == .over)
  }

  @Test("the percentage and the watch line in integers are what Decimal arithmetic gives")
  func integerPercentMatchesDecimal() throws {
    // Ties in tenths (half-even both ways), credits, the 10 % line, amounts with ten decimals,
    // and a seeded spread of spends and budgets from a cent to millions.
    var cases: [(String, String)] = [
      ("1.05", "100"), ("1.15", "100"), ("-1.05", "100"), ("-0.0004", "100"), ("0", "3.30"),
      ("110", "100"), ("110.0000000001", "100"), ("109.9999999999", "100"), ("275.99", "275.98"),
      ("0.0000000001", "0.07"), ("99999999.99", "0.01"), ("12.3456789012", "7.77"), ("1", "3"),
    ]
    var seed: UInt64 = 0x5EED
    func next() -> UInt64 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return seed >> 17
    }
    for _ in 0..<2000 {
      let spend = Decimal(sign: next() % 7 == 0 ? .minus : .plus, exponent: -Int(2 + next() % 9), significand: Decimal(next() % 10_000_000_000))
      let budget = Decimal(sign: .plus, exponent: -Int(next() % 3), significand: Decimal(next() % 100_000_000 + 1))
      cases.append((spend.description, budget.description))
    }
    // Beyond 64 bits of units (a billion a week): left to Decimal.
    #expect(SpendState.tenths(spend: Money(parsing: "9336276291.00")!, budget: Money(parsing: "2726953.30")!) == nil)
    // A quotient of exactly 64 bits that rounds up (found by review): left to Decimal too.
    let (huge, tiny) = (FixedSum.money(2_545_650_682_171_918_123), FixedSum.money(138))
    #expect(SpendState.tenths(spend: huge, budget: tiny) == nil)
    #expect(SpendState.percent(spend: huge, budget: tiny) == ExactDecimal.round(huge.value * 100 / tiny.value, scale: 1))
    for (spendText, budgetText) in cases {
      let spend = try #require(Money(parsing: spendText)), budget = try #require(Money(parsing: budgetText))
      let fast = try #require(SpendState.tenths(spend: spend, budget: budget), "\(spendText) / \(budgetText)")
      #expect(fast == ExactDecimal.round(spend.value * 100 / budget.value, scale: 1), "\(spendText) / \(budgetText)")
      #expect(
        ExactDecimal.format(fast, minimumFractionDigits: 1)
          == ExactDecimal.format(ExactDecimal.round(spend.value * 100 / budget.value, scale: 1), minimumFractionDigits: 1))
      if spend >= .zero {
        let within = try #require(SpendState.withinTenPercent(spend: spend, budget: budget) as Bool?)
        #expect(within == (spend * 100 <= budget * 110), "\(spendText) against \(budgetText)")
      }
    }
    // A card works out its state and percentage in integers: what `Decimal` gives, zero and
    // negative budgets and amounts beyond units included.
    let businessCase = BusinessCase(valueType: .costSaving, annualBaseline: Money(parsing: "1000")!, targetPercent: 10)
    let more = [("100", "100"), ("0", "0"), ("5", "0"), ("-5", "0"), ("3", "-2"), ("9336276291.00", "2726953.30"), ("0.000000000001", "1")]
    for (spendText, budgetText) in cases + more {
      let spend = try #require(Money(parsing: spendText)), budget = try #require(Money(parsing: budgetText))
      let card = SpendCard(
        reference: k7q2, title: "Claims", product: "claims", week: Day(parsing: "2026-10-05")!, complete: true,
        currency: "USD", spend: spend, billed: spend, budget: budget, estimate: budget, topModels: [],
        topMeters: [], otherCurrencies: [], businessCase: businessCase)
      #expect(card.state == SpendState(spend: spend, budget: budget), "\(spendText) against \(budgetText)")
      #expect(card.percentOfBudget == SpendState.percent(spend: spend, budget: budget), "\(spendText) / \(budgetText)")
      if let units = FixedSum.units(of: spend), let budgetUnits = FixedSum.units(of: budget) {
        #expect(SpendState(spendUnits: units, budgetUnits: budgetUnits) == SpendState(spend: spend, budget: budget))
      }
    }
  }

  @Test("a card shows variance, percent, top models and meters, and other currencies apart")
  func cardContents() {
    let role = Samples.session("finops-claims-assistant-k7q2")
    let card = report([
      Samples.row("2026-10-13", "200.00", principal: role),
      Samples.row(
        "2026-10-13", "90.00", principal: role, meter: "USE1-Claude4.5Sonnet-output-tokens"),
      Samples.row(
        "2026-10-14", "10.00", principal: role, meter: "USE1-Claude4.5Haiku-input-tokens"),
      Samples.row("2026-10-14", "7.00", principal: role, currency: "EUR"),
    ]).cards(of: k7q2)[0]
    #expect(card.spend == Money(300))
    #expect(card.variance == Money(parsing: "24.02"))
    #expect(card.estimateVariance == Money(parsing: "39.20"))
    #expect(card.percentOfBudget == Decimal(string: "108.7"))
    #expect(card.state == .watch)
    #expect(card.topModels.map(\.name) == ["Claude4.5Sonnet", "Claude4.5Haiku"])
    #expect(
      card.topMeters.map(\.name) == [
        "USE1-Claude4.5Sonnet-input-tokens", "USE1-Claude4.5Sonnet-output-tokens",
        "USE1-Claude4.5Haiku-input-tokens",
      ])
    #expect(card.otherCurrencies == [CurrencyAmount(currency: "EUR", amount: Money(7))])
  }

  @Test("a report finds each component's cards among all of them, and none for others")
  func cardsByComponent() {
    let report = report([
      Samples.row("2026-10-12", "1.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row("2026-10-20", "2.00", principal: Samples.session("finops-claims-assistant-m3nx")),
    ])
    let none = ComponentReference(workload: "claims-assistant", component: "zzzz")
    #expect(Set(report.cards.map(\.reference)) == [k7q2, m3nx, s5un, x2tg])
    for reference in [k7q2, m3nx, s5un, x2tg, none] {
      let expected = report.cards.filter { $0.reference == reference }
      #expect(report.cards(of: reference) == expected, "\(reference)")
      #expect(report.hasCards(of: reference) == !expected.isEmpty, "\(reference)")
    }
    #expect(report.cards(of: none).isEmpty && !report.hasCards(of: none))
  }

  @Test("a ledger's weeks in order and out of order give the same cards")
  func weeksOutOfOrder() {
    let role = Samples.session("finops-claims-assistant-k7q2")
    let ordered = report([
      Samples.row("2026-10-13", "200.00", principal: role),
      Samples.row("2026-10-14", "7.00", principal: role, currency: "EUR"),
      Samples.row("2026-10-15", "3.00", principal: role, currency: "GBP"),
      Samples.row(
        "2026-10-20", "90.00", principal: role, meter: "USE1-Claude4.5Haiku-input-tokens"),
      Samples.row("2026-10-27", "5.00", principal: role, currency: "EUR"),
    ])
    // The ledger gives each component's weeks by week, then currency.
    let weeks = ordered.ledger.spend(of: k7q2)?.weeks ?? []
    #expect(
      weeks.map { "\($0.monday) \($0.currency)" } == [
        "2026-10-12 EUR", "2026-10-12 GBP", "2026-10-12 USD", "2026-10-19 USD", "2026-10-26 EUR",
      ])
    // The same weeks latest first, each week's currencies in their order.
    func latestFirst(_ weeks: [WeekSpend]) -> [WeekSpend] {
      Dictionary(grouping: weeks, by: \.monday).sorted { $0.key > $1.key }.flatMap(\.value)
    }
    let ledger = ordered.ledger
    let shuffled = SpendLedger(
      components: ledger.components.map {
        ComponentSpend(binding: $0.binding, totals: $0.totals, weeks: latestFirst($0.weeks))
      },
      unattributed: ledger.unattributed, findings: ledger.findings,
      reconciliation: ledger.reconciliation, restatements: ledger.restatements,
      deliveries: ledger.deliveries)
    let unordered = SpendReport.make(
      ledger: shuffled, configuration: Samples.configuration, through: Samples.day("2026-11-01"))
    #expect(unordered.ledger.spend(of: k7q2)?.weeks.first?.monday == Samples.day("2026-10-26"))
    #expect(unordered.cards(of: k7q2) == ordered.cards(of: k7q2))
    #expect(ordered.cards(of: k7q2).map(\.spend) == [Money(200), Money(90), .zero])
    #expect(ordered.cards(of: k7q2)[0].otherCurrencies.map(\.currency) == ["EUR", "GBP"])
    #expect(ordered.cards(of: k7q2)[2].otherCurrencies.map(\.currency) == ["EUR"])
  }

  @Test("a workload whose components' cards are summed on two cores counts once a week")
  func rollUpCountsAcrossCores() {
    // Claims Assistant alone: k7q2's three weeks, then m3nx's two, both components' cards with
    // the weeks of 10-19 and 10-26, which must count the workload once however the cards are
    // shared out between cores.
    let workloads = [Samples.claimsAssistant]
    let ledger = Attribution.attribute(
      records: [], workloads: workloads, configuration: Samples.configuration)
    let report = SpendReport.make(
      ledger: ledger, configuration: Samples.configuration, through: Samples.day("2026-11-01"))
    #expect(report.cards.count == 5)
    let weeks = report.rollUp("claims-intake")?.weeks ?? []
    #expect(weeks.map(\.liveWorkloads) == [1, 1, 1])
    #expect(weeks.map(\.liveComponents) == [1, 2, 2])
    #expect(report.rollUp("insurance")?.weeks.map(\.liveWorkloads) == [1, 1, 1])
  }

  @Test(
    "roll-ups sum cards from Product to Business Unit; an added component counts in its parent's"
  )
  func rollUps() {
    let report = report([
      Samples.row(
        "2026-10-20", "100.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row(
        "2026-10-21", "10.00", principal: Samples.session("finops-claims-assistant-m3nx"),
        meter: "USE1-NovaPro-input-tokens"),
      Samples.row(
        "2026-10-22", "50.00", principal: Samples.session("finops-subrogation-letters-s5un")),
    ])
    let week = Samples.day("2026-10-19")
    func row(_ unit: String) -> RollUpWeek? { report.rollUp(unit)?.weeks.first { $0.week == week } }
    #expect(row("claims-intake")?.spend == Money(110))
    #expect(row("claims-intake")?.liveWorkloads == 1)
    #expect(row("claims-intake")?.liveComponents == 2)
    #expect(row("claims-intake")?.budget == Money(parsing: "344.97"))
    #expect(row("subrogation")?.spend == Money(50))
    for unit in ["claims-digital", "claims", "insurance"] {
      #expect(row(unit)?.spend == Money(160))
      #expect(row(unit)?.liveWorkloads == 2)
      #expect(row(unit)?.annualOpportunity == Money(72_000 + 10_000 + 72_000))
    }
    let cardsThatWeek = report.cards.filter {
      $0.week == week && ["claims-intake", "subrogation"].contains($0.product)
    }
    #expect(row("insurance")?.budget == cardsThatWeek.reduce(.zero) { $0 + $1.budget })
    #expect(
      row("insurance")?.variance == Money(160) - cardsThatWeek.reduce(.zero) { $0 + $1.budget })
    #expect(
      report.rollUps.map(\.unit).prefix(4) == [
        "insurance", "claims", "claims-digital", "claims-intake",
      ])
    #expect(report.rollUp("claims-intake")?.levelName == "Product")
    #expect(report.rollUp("insurance")?.path == ["insurance"])
    let total = report.rollUps.filter { $0.level == 1 }.reduce(Money.zero) { $0 + $1.spend }
    #expect(total == report.cards.reduce(.zero) { $0 + $1.spend })
    #expect(report.unplaced.isEmpty)
  }

  @Test("a component whose product is not in the organization is listed unplaced and left out of the roll-ups")
  func unplacedProduct() {
    let records = [
      Samples.row("2026-10-20", "100.00", principal: Samples.session("finops-claims-assistant-k7q2")),
      Samples.row("2026-10-21", "10.00", principal: Samples.session("finops-claims-assistant-m3nx")),
      Samples.row("2026-10-22", "50.00", principal: Samples.session("finops-subrogation-letters-s5un")),
    ]
    let ledger = Attribution.attribute(records: records, workloads: Samples.workloads, configuration: Samples.configuration)
    var configuration = Samples.configuration
    configuration.organization = Organization(units: [
      OrgUnit(id: "claims", name: "Claims", units: [OrgUnit(id: "claims-intake", name: "Claims Intake")])
    ])
    let report = SpendReport.make(ledger: ledger, configuration: configuration, through: Samples.day("2026-11-01"))
    #expect(report.unplaced == [x2tg, s5un], "sorted, each once")
    #expect(report.cards.contains { $0.reference == s5un }, "an unplaced component still has its cards")
    let week = report.rollUp("claims")?.weeks.first { $0.week == Samples.day("2026-10-19") }
    #expect(week?.spend == Money(110))
    #expect(week?.liveComponents == 2)
    #expect(report.rollUps.map(\.unit) == ["claims", "claims-intake"])
  }

  @Test("CUR 2.0 and FOCUS exports of the same spend give the same cards")
  func curAndFocusAgree() {
    func cards(_ name: String) -> [SpendCard] {
      let records = Samples.read(name).records
      return report(records).cards
    }
    let focus = cards("focus-basic.csv")
    #expect(focus == cards("cur-basic.csv"))
    #expect(focus == cards("focus-basic.csv.gz"))
    #expect(focus.first { $0.reference == k7q2 }?.spend == Money(parsing: "11.70"))
  }

  @Test("amounts in units are written as Money.canonical writes them")
  func canonicalFromUnits() {
    var values: [Int64] = [0, 1, -1, 5, 10_000_000_000, -10_000_000_000, 12_345_678_901, 1_000_000_000, .max, .min, -.max]
    var seed: UInt64 = 0xCA17
    for _ in 0..<5000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Int64(bitPattern: seed) >> Int64(seed % 50))
    }
    for units in values {
      let bytes = [UInt8](unsafeUninitializedCapacity: FixedSum.canonicalMaximum) { buffer, count in
        count = FixedSum.writeCanonical(units, to: buffer.baseAddress!)
      }
      #expect(String(decoding: bytes, as: UTF8.self) == FixedSum.money(units).canonical, "\(units)")
      var writer = PrettyJSONWriter()
      writer.units(units)
      #expect(writer.finish() == Array("\"\(FixedSum.money(units).canonical)\"".utf8), "\(units)")
    }
  }

  @Test("a card's amounts read back exactly, whether whole units hold them or not", arguments: [
    ("11.70", "12.5", "275.98"),  // units
    ("0.000000000001", "0.01", "275.98"),  // finer than units: kept as they are
    ("950000000.00", "950000000.00", "0.01"),  // beyond 64 bits of units
    ("-3.10", "0", "0"),  // a credit against a zero budget: no percentage
  ])
  func exactAmounts(spend: String, billed: String, budget: String) throws {
    let businessCase = BusinessCase(valueType: .costSaving, annualBaseline: Money(parsing: "1000")!, targetPercent: 10)
    let (spend, billed, budget) = (Money(parsing: spend)!, Money(parsing: billed)!, Money(parsing: budget)!)
    let estimate = Money(parsing: "7.77")!
    let card = SpendCard(
      reference: k7q2, title: "Claims", product: "claims", week: Day(parsing: "2026-10-05")!, complete: true,
      currency: "USD", spend: spend, billed: billed, budget: budget, estimate: estimate, topModels: [],
      topMeters: [], otherCurrencies: [], businessCase: businessCase)
    #expect(card.spend == spend && card.billed == billed && card.budget == budget && card.estimate == estimate)
    #expect(card.variance == Money(spend.value - budget.value))
    #expect(card.estimateVariance == Money(spend.value - estimate.value))
    #expect(card.percentOfBudget == SpendState.percent(spend: spend, budget: budget))
    #expect(card.state == SpendState(spend: spend, budget: budget))
    var out = BinaryWriter()
    card.write(to: &out)
    var input = BinaryReader(out.bytes)
    let read = try SpendCard(from: &input)
    #expect(read == card && read.variance == card.variance && read.percentOfBudget == card.percentOfBudget)
  }

  @Test("a card written by hand is the card encoded, with and without a budget, other currencies and top meters")
  func cardWrittenByHand() throws {
    let businessCase = BusinessCase(valueType: .costSaving, annualBaseline: Money(parsing: "120000.00")!, targetPercent: 12)
    func card(budget: String, other: [CurrencyAmount], meters: [NamedAmount]) -> SpendCard {
      SpendCard(
        reference: ComponentReference(workload: "claims-assistant", component: "k7q2"),
        title: "Claims \"assistant\" / intake", product: "claims", week: Day(parsing: "2026-10-05")!,
        complete: budget == "0", currency: "USD", spend: Money(parsing: "11.70")!,
        billed: Money(parsing: "12.5")!, budget: Money(parsing: budget)!, estimate: Money(parsing: "9")!,
        topModels: [NamedAmount(name: "anthropic.claude-sonnet-4-5", amount: Money(parsing: "11.7")!)],
        topMeters: meters, otherCurrencies: other, businessCase: businessCase)
    }
    let cards = [
      card(budget: "0", other: [], meters: []),
      card(
        budget: "275.98", other: [CurrencyAmount(currency: "EUR", amount: Money(parsing: "3.10")!)],
        meters: [NamedAmount(name: "Input tokens", amount: Money(parsing: "7.2")!),
                 NamedAmount(name: "Output tokens", amount: Money(parsing: "4.5")!)]),
    ]
    #expect(cards[0].percentOfBudget == nil)
    for card in cards {
      for indent in [0, 2] {
        var writer = PrettyJSONWriter(indent: indent)
        card.write(to: &writer)
        var encoded: [UInt8] = []
        try PrettyJSONEncoder().encode(card, indent: indent, to: &encoded)
        #expect(writer.finish() == encoded)
      }
    }
  }

  @Test("a roll-up written by hand is the roll-up encoded, with and without weeks, path and other currencies")
  func rollUpWrittenByHand() throws {
    func week(_ day: String, spend: String, other: [CurrencyAmount]) -> RollUpWeek {
      RollUpWeek(
        week: Day(parsing: day)!, spend: Money(parsing: spend)!, budget: Money(parsing: "275.98")!,
        estimate: Money(parsing: "9")!, liveWorkloads: 3, liveComponents: 12,
        annualOpportunity: Money(parsing: "-1200.5")!, otherCurrencies: other)
    }
    let rollUps = [
      RollUp(unit: "bu", name: "Retail \"banking\" / EU", level: 0, levelName: "Business Unit", path: [], weeks: []),
      RollUp(
        unit: "claims", name: "Claims", level: 3, levelName: "Product", path: ["bu", "ops", "claims/intake"],
        weeks: [
          week("2026-10-05", spend: "11.70", other: []),
          week(
            "2026-10-12", spend: "400",
            other: [CurrencyAmount(currency: "EUR", amount: Money(parsing: "3.10")!),
                    CurrencyAmount(currency: "GBP", amount: Money(parsing: "0.5")!)]),
        ]),
    ]
    for rollUp in rollUps {
      for indent in [0, 2] {
        var writer = PrettyJSONWriter(indent: indent)
        rollUp.write(to: &writer)
        var encoded: [UInt8] = []
        try PrettyJSONEncoder().encode(rollUp, indent: indent, to: &encoded)
        #expect(writer.finish() == encoded)
      }
    }
  }

  @Test("spend.json is deterministic, with sorted keys and amounts as exact decimal strings")
  func json() throws {
    let records = Samples.read("focus-basic.csv").records
    let data = try report(records).jsonData()
    #expect(try report(records.reversed()).jsonData() == data)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"spend\" : \"11.70\""))
    #expect(text.contains("\"budget\" : \"275.98\""))
    #expect(text.contains("\"balances\" : true"))
    #expect(!text.contains("\\/"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    #expect(
      object?.keys.sorted() == [
        "cards", "components", "currency", "deliveries", "findings", "reconciliation",
        "restatements", "rollUps", "through", "unattributed", "unplaced",
      ])
    let reconciliation = object?["reconciliation"] as? [[String: Any]]
    let input = reconciliation?.first?["input"] as? [String: Any]
    #expect(input?["effective"] as? String == "31.145")
    // Written member by member, it is exactly the whole report encoded at once.
    #expect(Array(data) == (try PrettyJSONEncoder().encode(report(records))))
    let foundation = JSONEncoder()
    foundation.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    #expect(data == (try foundation.encode(report(records))))
    #expect(Array(try report([]).jsonData()) == (try PrettyJSONEncoder().encode(report([]))))
  }
}

@Suite("Fixed-point sums")
struct FixedSumTests {
  @Test("an amount is read as units of 10⁻¹⁰ exactly when it has no finer digit and fits")
  func units() throws {
    var state: UInt64 = 7  // a fixed linear congruential sequence: the same values every run
    func next(_ range: ClosedRange<Int>) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
    let scale = Decimal(sign: .plus, exponent: FixedCosts.scale, significand: 1)
    var values = ["0", "-0.0000000001", "0.00000000001", "922337203.6854775807", "922337203.6854775808",
      "-922337203.6854775807", "12.50", "1e-10", "123456789012345678901234"].map { Money(Decimal(string: $0)!) }
    for _ in 0..<3000 {
      let whole = Decimal(next(-2_000_000_000...2_000_000_000)) * Decimal(next(1...1_000_000))
      values.append(Money(whole / Decimal(sign: .plus, exponent: next(0...14), significand: 1)))
      values.append(Money(Decimal(next(-1000...1000)) / 7))
    }
    for money in values {
      let scaled = money.value * scale
      let expected: Int64? =
        scaled == scaled.rounded(0) && abs(scaled) <= Decimal(Int64.max) ? Int64(scaled.description) : nil
      #expect(FixedSum.units(of: money) == expected, "\(money)")
      var sum = FixedSum()
      sum.add(money)
      sum.add(money)
      #expect(sum.money == money + money)
    }
    // A roll-up week, and a roll-up, made from sums are the ones made from their amounts, in
    // units or not (amounts beyond units, sums past 64 bits of units, a difference past them).
    let large = FixedSum.money(Int64.max - 5)
    let day = Day(parsing: "2026-10-05")!
    var weeksFromSums: [RollUpWeek] = []
    var (spendTotal, budgetTotal) = (WideSum(), WideSum())
    for (spend, budget) in zip(
      values + [large, FixedSum.money(-(Int64.max - 5))],
      values.reversed() + [FixedSum.money(-9), large])
    {
      var (spendSum, budgetSum) = (WideSum(), WideSum())
      spendSum.add(spend)
      budgetSum.add(budget)
      spendSum.add(spendSum)  // twice each: past 64 bits for the large ones
      budgetSum.add(budgetSum)
      let fromSums = RollUpWeek(
        week: day, spend: spendSum, budget: budgetSum, estimate: budget, liveWorkloads: 1,
        liveComponents: 2,
        annualOpportunity: spend, otherCurrencies: [])
      let fromAmounts = RollUpWeek(
        week: day, spend: spend + spend, budget: budget + budget, estimate: budget,
        liveWorkloads: 1,
        liveComponents: 2, annualOpportunity: spend, otherCurrencies: [])
      #expect(fromSums == fromAmounts, "\(spend) against \(budget)")
      #expect(fromSums.variance.canonical == fromAmounts.variance.canonical)
      weeksFromSums.append(fromSums)
      spendTotal.add(spendSum)
      budgetTotal.add(budgetSum)
    }
    let rollUp = RollUp(
      unit: "u", name: "U", level: 1, levelName: "BU", path: ["u"], weeks: weeksFromSums)
    let summed = RollUp(
      unit: "u", name: "U", level: 1, levelName: "BU", path: ["u"], weeks: weeksFromSums,
      spend: spendTotal,
      budget: budgetTotal)
    #expect(summed == rollUp)
  }
}

private extension Decimal {
  func rounded(_ scale: Int) -> Decimal { ExactDecimal.round(self, scale: scale) }
}
