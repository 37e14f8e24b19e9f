import FinOpsCore
@testable import FinOpsSpend
import Foundation
import Testing

@Suite("Attribution")
struct AttributionTests {
  let k7q2 = ComponentReference(workload: "claims-assistant", component: "k7q2")
  let m3nx = ComponentReference(workload: "claims-assistant", component: "m3nx")
  let k7Role = "finops-claims-assistant-k7q2"

  func ledger(_ records: [SpendRecord], workloads: [Workload] = Samples.workloads) -> SpendLedger {
    Attribution.attribute(
      records: records, workloads: workloads, configuration: Samples.configuration)
  }

  @Test(
    "principals: sessions and role ARNs are roles, anything else is kept as written",
    arguments: [
      (
        "arn:aws:sts::111122223333:assumed-role/finops-x-k7q2/i-0abc",
        "arn:aws:iam::111122223333:role/finops-x-k7q2"
      ),
      (
        "arn:aws:sts::111122223333:assumed-role/Role/user@acme.org",
        "arn:aws:iam::111122223333:role/Role"
      ),
      ("arn:aws:iam::111122223333:role/team/app/Role", "arn:aws:iam::111122223333:role/Role"),
      (
        "arn:aws-us-gov:sts::111122223333:assumed-role/R/s",
        "arn:aws-us-gov:iam::111122223333:role/R"
      ),
      ("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice"),
      ("arn:aws:sts::111122223333:assumed-role//s", "arn:aws:sts::111122223333:assumed-role//s"),
      ("not an arn", "not an arn"),
    ])
  func principals(arn: String, normalized: String) {
    #expect(Principal(parsing: arn).normalized == normalized)
  }

  @Test("spend is attributed from the claim on; before it, the role's spend is unattributed")
  func fromClaimOn() {
    let ledger = ledger([
      Samples.row("2026-10-06", "1.00", principal: Samples.session(k7Role)),
      // The day of the claim (14:00) overlaps the live window: attributed.
      Samples.row("2026-10-07", "2.00", principal: Samples.session(k7Role, session: "other")),
      Samples.row("2026-10-08", "3.00", principal: Samples.session(k7Role.uppercased())),
    ])
    #expect(ledger.spend(of: k7q2)?.totals == [CurrencyAmount(currency: "USD", amount: Money(5))])
    #expect(ledger.unattributed.map(\.reason) == [.unclaimedRole])
    #expect(ledger.unattributed.first?.principal == "arn:aws:iam::111122223333:role/\(k7Role)")
    let gap = ledger.findings.first { $0.kind == .unclaimedRole }
    #expect(gap?.components == [k7q2])
    #expect(gap?.message.contains("before the claim at 2026-10-07T14:00:00Z") == true)
    #expect(gap?.evidence.sample == SourceLocation(path: "spend/test.csv", line: 2, column: 1))
    #expect(ledger.balances)
  }

  @Test("hourly rows are attributed from the claim's hour on")
  func hourly() {
    var before = Samples.row("2026-10-07", "1.00", principal: Samples.session(k7Role))
    before.chargePeriodStart = Samples.time("2026-10-07T13:00:00Z")
    before.chargePeriodEnd = Samples.time("2026-10-07T14:00:00Z")
    var after = before
    after.chargePeriodStart = Samples.time("2026-10-07T14:00:00Z")
    after.chargePeriodEnd = Samples.time("2026-10-07T15:00:00Z")
    let ledger = ledger([before, after])
    #expect(ledger.spend(of: k7q2)?.totals.first?.amount == Money(1))
    #expect(ledger.unattributed.first?.amounts.effective == Money(1))
  }

  @Test("spend with no caller or an unknown caller is kept as unattributed, never dropped")
  func unattributedKept() {
    let ledger = ledger([
      Samples.row("2026-10-08", "0.77", principal: nil, meter: "Tax"),
      Samples.row(
        "2026-10-08", "9.90", principal: Samples.session("ds-notebook-role", session: "alice")),
      Samples.row(
        "2026-10-09", "0.10", principal: Samples.session("ds-notebook-role", session: "bob")),
      Samples.row(
        "2026-10-09", "1.00", principal: "arn:aws:iam::111122223333:user/BedrockAPIKey-x1"),
    ])
    #expect(ledger.components.allSatisfy { $0.totals.isEmpty })
    let groups = ledger.unattributed.map {
      "\($0.reason.rawValue) \($0.principal ?? "-") \($0.amounts.effective)"
    }
    #expect(
      groups == [
        "no-principal - 0.77",
        "unrequested-principal arn:aws:iam::111122223333:role/ds-notebook-role 10.00",
        "unrequested-principal arn:aws:iam::111122223333:user/BedrockAPIKey-x1 1.00",
      ])
    let principals = ledger.findings.filter { $0.kind == .unrequestedPrincipal }
    #expect(principals.count == 2)
    #expect(principals.first?.evidence.rows == 2)
    #expect(principals.first?.components == [])
    #expect(ledger.reconciliation.first?.input.effective == Money(parsing: "11.77"))
  }

  @Test("totals reconcile exactly per currency: attributed + unattributed = input")
  func reconciliation() {
    var records: [SpendRecord] = []
    for index in 0..<1000 {
      let amount = "0.\(String(format: "%03d", index % 997))1"
      records.append(
        Samples.row("2026-10-08", amount, principal: Samples.session(k7Role), billed: "0.1"))
      records.append(Samples.row("2026-10-08", "0.2", principal: nil, currency: "EUR"))
      records.append(
        Samples.row("2026-10-09", "0.3", principal: Samples.session("ds"), currency: "EUR"))
    }
    let ledger = ledger(records)
    #expect(ledger.reconciliation.map(\.currency) == ["EUR", "USD"])
    #expect(ledger.balances)
    let eur = ledger.reconciliation[0]
    #expect(eur.input.effective == Money(500))
    #expect(eur.attributed.effective == .zero)
    #expect(eur.input.rows == 2000)
    let usd = ledger.reconciliation[1]
    let expected = records.filter { $0.currency == "USD" }.reduce(Money.zero) {
      $0 + $1.effectiveCost
    }
    #expect(usd.input.effective == expected)
    #expect(usd.attributed.effective == expected)
    #expect(usd.input.billed == Money(100))
    #expect(ledger.spend(of: k7q2)?.totals == [CurrencyAmount(currency: "USD", amount: expected)])
  }

  @Test("a later delivery of the same billing period and account replaces the earlier one")
  func restatement() {
    let early = "spend/2026-10/focus-2026-10-20261101.csv"
    let late = "spend/2026-10/focus-2026-10-20261108.csv"
    let principal = Samples.session(k7Role)
    let ledger = ledger([
      Samples.row("2026-10-08", "10.00", principal: principal, path: early),
      Samples.row("2026-10-09", "10.00", principal: principal, path: early),
      // Another account in the early delivery: no later delivery restates it, so it stays.
      Samples.row("2026-10-09", "4.00", principal: nil, account: Samples.otherAccount, path: early),
      // A correction invoiced in November adds to November, whatever delivery it is in.
      Samples.row(
        "2026-10-09", "-1.00", principal: principal, path: early, billingPeriod: "2026-11-01"),
      Samples.row("2026-10-08", "12.00", principal: principal, path: late),
      Samples.row("2026-10-09", "9.50", principal: principal, path: late),
    ])
    #expect(ledger.spend(of: k7q2)?.totals.first?.amount == Money(parsing: "20.50"))
    #expect(ledger.reconciliation.first?.input.effective == Money(parsing: "24.50"))
    #expect(ledger.balances)
    #expect(ledger.restatements.count == 1)
    let restated = ledger.restatements[0]
    #expect(restated.billingPeriod == Samples.day("2026-10-01"))
    #expect(restated.account == Samples.account)
    #expect(restated.kept == "spend/2026-10/focus-2026-10-20261108")
    #expect(restated.replaced == ["spend/2026-10/focus-2026-10-20261101"])
    #expect(restated.replacedAmounts == [CurrencyAmount(currency: "USD", amount: Money(20))])
    #expect(
      restated.keptAmounts == [
        CurrencyAmount(currency: "USD", amount: Money(parsing: "21.50") ?? .zero)
      ])
    #expect(
      ledger.deliveries == [
        "spend/2026-10/focus-2026-10-20261101", "spend/2026-10/focus-2026-10-20261108",
      ])
  }

  @Test("a role created but never claimed is a gap; its spend stays unattributed")
  func unclaimedRole() {
    let ledger = ledger([
      Samples.row("2026-10-20", "5.00", principal: Samples.session("finops-fraud-triage-p9rt"))
    ])
    let gap = ledger.findings.first
    #expect(ledger.findings.count == 1)
    #expect(gap?.kind == .unclaimedRole)
    #expect(gap?.components == [ComponentReference(workload: "fraud-triage", component: "p9rt")])
    #expect(gap?.message.contains("ready-to-claim, never claimed") == true)
    #expect(
      gap?.action
        == "The owner claims it so its spend is attributed: finops claim fraud-triage/p9rt")
    #expect(ledger.unattributed.first?.components == gap?.components)
  }

  @Test("spend on another model than the approved one is attributed and flagged")
  func unapprovedModel() {
    let ledger = ledger([
      Samples.row(
        "2026-10-20", "2.00", principal: Samples.session(k7Role),
        meter: "USE1-Claude4.5Haiku-input-tokens"),
      Samples.row(
        "2026-10-21", "3.00", principal: Samples.session(k7Role),
        meter: "USE1-Claude4.5Haiku-output-tokens"),
      Samples.row("2026-10-20", "1.00", principal: Samples.session(k7Role)),
      Samples.row(
        "2026-10-20", "1.00", principal: Samples.session("finops-claims-assistant-m3nx"),
        meter: "USE1-NovaPro-input-tokens"),
    ])
    #expect(ledger.findings.map(\.kind) == [.unapprovedModel])
    let gap = ledger.findings[0]
    #expect(gap.evidence.observed == "Claude4.5Haiku")
    #expect(gap.evidence.expected == Samples.sonnet)
    #expect(gap.evidence.amounts == [CurrencyAmount(currency: "USD", amount: Money(5))])
    #expect(gap.evidence.rows == 2)
    #expect(
      gap.evidence.firstDay == Samples.day("2026-10-20")
        && gap.evidence.lastDay == Samples.day("2026-10-21"))
    #expect(ledger.spend(of: k7q2)?.totals.first?.amount == Money(6))
    #expect(
      ledger.spend(of: k7q2)?.weeks.first?.models.map(\.name) == [
        "Claude4.5Haiku", "Claude4.5Sonnet",
      ])
  }

  @Test("spend in another Region is attributed and flagged; in another account it is not")
  func outsideScope() {
    let ledger = ledger([
      Samples.row("2026-10-20", "2.00", principal: Samples.session(k7Role), region: "us-west-2"),
      Samples.row(
        "2026-10-20", "3.00", principal: Samples.session(k7Role, account: Samples.otherAccount),
        account: Samples.otherAccount),
    ])
    #expect(ledger.findings.map(\.kind) == [.outsideApprovedAccount, .outsideApprovedRegion])
    #expect(ledger.findings[0].evidence.observed == Samples.otherAccount)
    #expect(ledger.findings[0].evidence.expected == Samples.account)
    #expect(ledger.findings[0].message.contains("approved in 111122223333 (ai-prod)"))
    #expect(ledger.findings[1].evidence.observed == "us-west-2")
    #expect(ledger.spend(of: k7q2)?.totals.first?.amount == Money(2))
    #expect(ledger.unattributed.map(\.reason) == [.otherAccount])
  }

  @Test("names alike in their first eight bytes are told apart, row after row")
  func namesAlike() {
    let ledger = ledger([
      Samples.row("2026-10-20", "1.00", principal: Samples.session(k7Role), region: "us-east-1"),
      Samples.row("2026-10-20", "2.00", principal: Samples.session(k7Role), region: "us-east-2"),
      Samples.row("2026-10-21", "4.00", principal: Samples.session(k7Role), region: "us-east-1"),
      Samples.row("2026-10-21", "8.00", principal: Samples.session(k7Role), region: "us-east-2"),
    ])
    #expect(ledger.findings.map(\.kind) == [.outsideApprovedRegion])
    #expect(ledger.findings.first?.evidence.observed == "us-east-2")
    #expect(ledger.findings.first?.evidence.amounts.first?.amount == Money(10))
    #expect(ledger.spend(of: k7q2)?.totals.first?.amount == Money(15))
  }

  @Test("spend after retirement is unattributed and flagged; the retirement day still counts")
  func afterRetirement() {
    let role = "finops-invoice-coder-x2tg"
    let ledger = ledger([
      Samples.row(
        "2026-10-15", "1.00", principal: Samples.session(role), meter: "USE1-NovaPro-input-tokens"),
      Samples.row(
        "2026-10-16", "2.00", principal: Samples.session(role), meter: "USE1-NovaPro-input-tokens"),
      Samples.row(
        "2026-11-02", "3.00", principal: Samples.session(role), meter: "USE1-NovaPro-input-tokens"),
    ])
    let reference = ComponentReference(workload: "invoice-coder", component: "x2tg")
    #expect(ledger.spend(of: reference)?.totals.first?.amount == Money(1))
    #expect(ledger.findings.map(\.kind) == [.afterRetirement])
    #expect(ledger.findings[0].evidence.amounts.first?.amount == Money(5))
    #expect(ledger.findings[0].action.contains("aws iam delete-role --role-name \(role)"))
  }

  @Test("a role two workloads share is a gap, and its spend cannot be attributed to either")
  func sharedRole() {
    let ledger = ledger(
      [Samples.row("2026-10-20", "4.00", principal: Samples.session("shared-genai-role"))],
      workloads: Samples.workloads + [Samples.sharedA, Samples.sharedB])
    let gap = ledger.findings.first { $0.kind == .sharedRole }
    #expect(
      gap?.components == [
        ComponentReference(workload: "shared-a", component: "a2b3"),
        ComponentReference(workload: "shared-b", component: "b4c5"),
      ])
    #expect(gap?.evidence.amounts.first?.amount == Money(4))
    #expect(ledger.unattributed.map(\.reason) == [.sharedRole])
    #expect(ledger.unattributed.first?.components.count == 2)
    let quiet = Attribution.attribute(
      records: [], workloads: [Samples.sharedA, Samples.sharedB],
      configuration: Samples.configuration)
    #expect(quiet.findings.first?.message.hasSuffix("no spend yet") == true)
  }

  @Test("every claimed component is in the ledger, spend or not; unclaimed ones are not")
  func components() {
    let ledger = ledger([])
    #expect(
      ledger.components.map(\.reference.description) == [
        "claims-assistant/k7q2", "claims-assistant/m3nx", "invoice-coder/x2tg",
        "subrogation-letters/s5un",
      ])
    #expect(ledger.components.first?.binding.roleARN == "arn:aws:iam::111122223333:role/\(k7Role)")
    #expect(ledger.reconciliation.isEmpty && ledger.findings.isEmpty && ledger.balances)
  }

  @Test("thousands of callers, each row's text the very string of an earlier row, each attributed to its own role")
  func manyCallersSharedText() {
    // More callers than the resolver keeps by the address of their text, so that slots are
    // shared: a caller must never take the resolution of another that was in its slot.
    let count = 6_000
    let workloads = LargeExportTests.workloads(count)
    let principals = (0..<count).map { Samples.session("finops-w\($0)-k7q2") }
    var records: [SpendRecord] = []
    for round in 0..<2 {
      for index in 0..<count {
        records.append(
          Samples.row("2026-10-0\(round + 6)", "\(index + 1).00", principal: principals[index]))
      }
    }
    let ledger = ledger(records, workloads: workloads)
    #expect(ledger.unattributed.isEmpty)
    #expect(ledger.components.count == count)
    for component in ledger.components {
      let index = Int(component.reference.workload.dropFirst())!
      #expect(component.totals == [CurrencyAmount(currency: "USD", amount: Money(2 * (index + 1)))])
    }
  }

  @Test("a component's parts are put in order by week and currency as a stable sort puts them")
  func partsInOrder() {
    var generator = SeededRandom(state: 2026)
    for round in 0..<300 {
      let count = Int(generator.next() % 60)
      // One to three currencies, or so many that the slots would outnumber the parts.
      let currencies = round % 7 == 0 ? 5_000 : 1 + Int(generator.next() % 3)
      // Mondays of a year, or days decades apart (sorted, not counted), some negative.
      let spread = round % 5 == 0 ? 40_000 : 60
      let base = Int(generator.next() % 30_000) - 10_000
      let keys = (0..<count).map { part in
        (
          week: base + 7 * Int(generator.next() % UInt64(spread)),
          currency: Int(generator.next() % UInt64(currencies)), part: part
        )
      }
      // The parts are numbered in their order: a stable sort keeps it among equal keys.
      let expected = keys.sorted {
        ($0.week, $0.currency, $0.part) < ($1.week, $1.currency, $1.part)
      }
      let found = Attribution.sortedParts(keys, currencies: currencies)
      #expect(found.map { $0.part } == expected.map { $0.part }, "round \(round)")
      #expect(found.map { $0.week } == expected.map { $0.week }, "round \(round)")
    }
    // Weeks as far apart as an Int allows: sorted, not counted (nor trapped on).
    let extreme = (0..<20).map {
      (week: $0 % 2 == 0 ? Int.max - $0 : Int.min + $0, currency: 0, part: $0)
    }
    #expect(
      Attribution.sortedParts(extreme, currencies: 1).map { $0.part }
        == extreme.sorted { ($0.week, $0.part) < ($1.week, $1.part) }.map { $0.part })
  }
}
