import FinOpsCore
import FinOpsSpend
import Foundation

/// Records and rows built in code, so attribution and card tests never touch the disk.
enum Samples {
  static let account = "111122223333"
  static let otherAccount = "444455556666"
  static let sonnet = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  static let novaPro = "amazon.nova-pro-v1:0"

  static let configuration = Configuration(
    site: SiteSettings(title: "Test"), currency: "USD",
    roster: Roster([]),
    organization: Organization(units: [
      OrgUnit(
        id: "insurance", name: "Insurance",
        units: [
          OrgUnit(
            id: "claims", name: "Claims",
            units: [
              OrgUnit(
                id: "claims-digital", name: "Claims Digital",
                units: [
                  OrgUnit(id: "claims-intake", name: "Claims Intake"),
                  OrgUnit(id: "subrogation", name: "Subrogation"),
                ])
            ])
        ]),
      OrgUnit(
        id: "banking", name: "Banking",
        units: [
          OrgUnit(
            id: "payments", name: "Payments",
            units: [
              OrgUnit(
                id: "fraud", name: "Fraud",
                units: [OrgUnit(id: "fraud-operations", name: "Fraud Operations")])
            ])
        ]),
    ]),
    standards: Standards(
      platforms: [.bedrock], accounts: [Account(id: account, name: "ai-prod")],
      regions: ["us-east-1"], models: [sonnet, novaPro]),
    sla: SLAPolicy())

  static func time(_ text: String) -> Timestamp {
    Timestamp(parsing: text) ?? Timestamp(seconds: 0)
  }

  static func day(_ text: String) -> Day { Day(parsing: text) ?? Day(ordinal: 0) }

  /// A component with an approval; `claim` and `retire` set its window.
  static func component(
    _ id: String, status: Status, model: String = sonnet, region: String = "us-east-1",
    roleName: String? = nil, budget: Int = 1200, estimate: Int = 1134, claim: String? = nil,
    retire: String? = nil, baseline: Int = 480_000, targetPercent: Int = 15
  ) -> Component {
    var history = [
      HistoryEntry(
        at: time("2026-09-01T09:00:00Z"), transition: .submit, from: nil, to: .submitted,
        by: "po@example.com", persona: .productOwner)
    ]
    if let claim {
      history.append(
        HistoryEntry(
          at: time(claim), transition: .claim, from: .readyToClaim, to: .live,
          by: "po@example.com", persona: .productOwner))
    }
    if let retire {
      history.append(
        HistoryEntry(
          at: time(retire), transition: .retire, from: .live, to: .retired,
          by: "po@example.com", persona: .productOwner, reason: "Replaced"))
    }
    return Component(
      id: id, status: status,
      request: Request(
        useCase: .operationsAI, purpose: .customerSupport, runtime: .lambda, teamSize: 6,
        utilization: "Some", monthlyBudget: Money(budget),
        businessCase: BusinessCase(
          valueType: .costSaving, annualBaseline: Money(baseline),
          targetPercent: Decimal(targetPercent))),
      approval: Approval(
        platform: .bedrock, model: model, account: account, region: region,
        roleName: roleName,
        estimate: Estimate(monthly: Money(estimate), inputTokens: 1, outputTokens: 1),
        businessCaseAcknowledged: true, priority: .normal, rationale: "Fits."),
      claim: claim.map { Signature(by: "po@example.com", at: time($0)) }, history: history)
  }

  /// Claims Assistant: k7q2 claimed on a Wednesday; m3nx, an added component, on a Monday.
  static let claimsAssistant = Workload(
    slug: "claims-assistant", title: "Claims Assistant", owner: "po@example.com",
    product: "claims-intake",
    components: [
      component("k7q2", status: .live, claim: "2026-10-07T14:00:00Z"),
      component(
        "m3nx", status: .live, model: novaPro, budget: 300, estimate: 280,
        claim: "2026-10-12T09:00:00Z", baseline: 100_000, targetPercent: 10),
    ])

  /// Subrogation Letters: claimed on a Sunday.
  static let subrogation = Workload(
    slug: "subrogation-letters", title: "Subrogation Letters", owner: "po@example.com",
    product: "subrogation",
    components: [component("s5un", status: .live, budget: 700, claim: "2026-10-11T22:30:00Z")])

  /// Fraud Triage: implemented, never claimed.
  static let fraudTriage = Workload(
    slug: "fraud-triage", title: "Fraud Triage", owner: "po@example.com",
    product: "fraud-operations", components: [component("p9rt", status: .readyToClaim)])

  /// Invoice Coder: live from September, retired mid-October.
  static let invoiceCoder = Workload(
    slug: "invoice-coder", title: "Invoice Coder", owner: "po@example.com",
    product: "fraud-operations",
    components: [
      component(
        "x2tg", status: .retired, model: novaPro, budget: 300, claim: "2026-09-01T10:00:00Z",
        retire: "2026-10-15T12:00:00Z")
    ])

  /// Two workloads whose approvals name the same role.
  static let sharedA = Workload(
    slug: "shared-a", title: "Shared A", owner: "po@example.com", product: "fraud-operations",
    components: [
      component(
        "a2b3", status: .live, roleName: "shared-genai-role", claim: "2026-09-01T10:00:00Z")
    ])
  static let sharedB = Workload(
    slug: "shared-b", title: "Shared B", owner: "po@example.com", product: "fraud-operations",
    components: [
      component(
        "b4c5", status: .live, roleName: "Shared-GenAI-Role", claim: "2026-09-01T10:00:00Z")
    ])

  static let workloads = [claimsAssistant, subrogation, fraudTriage, invoiceCoder]

  /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
  static func session(_ role: String, account: String = account, session: String = "s-1")
    -> String
  {
    "arn:aws:sts::\(account):assumed-role/\(role)/\(session)"
  }

  /// A day-long row.
  static func row(
    _ day: String, _ amount: String, principal: String?, currency: String = "USD",
    meter: String = "USE1-Claude4.5Sonnet-input-tokens", region: String = "us-east-1",
    account: String = account, path: String = "spend/test.csv", line: Int = 2,
    billingPeriod: String? = nil, billed: String? = nil
  ) -> SpendRecord {
    let start = Timestamp(day: self.day(day))
    return SpendRecord(
      location: SourceLocation(path: path, line: line, column: 1), chargePeriodStart: start,
      chargePeriodEnd: start.adding(seconds: 86_400),
      billingPeriodStart: billingPeriod.map { self.day($0) },
      billedCost: Money(parsing: billed ?? amount) ?? .zero,
      effectiveCost: Money(parsing: amount) ?? .zero, currency: currency,
      serviceName: "Amazon Bedrock", account: account, region: region, meter: meter,
      principal: principal)
  }

  /// The folder of this target's fixture files.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  /// Reads a fixture into records and diagnostics.
  static func read(_ name: String) -> (
    records: [SpendRecord], diagnostics: [Diagnostic], summary: SpendExportReader.Summary
  ) {
    var records: [SpendRecord] = []
    var diagnostics: [Diagnostic] = []
    let summary = SpendExportReader.read(
      root: fixtures, path: name, record: { records.append($0) },
      diagnostic: { diagnostics.append($0) })
    return (records, diagnostics, summary)
  }

  /// Parses CSV text held in memory.
  static func parse(_ text: String, path: String = "spend/test.csv", chunkSize: Int = 1 << 16)
    -> (records: [SpendRecord], diagnostics: [Diagnostic], summary: SpendExportReader.Summary)
  {
    SpendExportReader.parse(path: path, bytes: Array(text.utf8), chunkSize: chunkSize)
  }
}
