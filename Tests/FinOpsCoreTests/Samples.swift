import FinOpsCore
import Foundation

/// Records built in code, so core tests never touch the disk.
enum Samples {
  static let owner = "priya@example.com"
  static let lead = "dana@example.com"
  static let engineer = "sam@example.com"
  static let leadEngineer = "jordan@example.com"
  static let ownerLead = "lee@example.com"

  static let configuration = Configuration(
    site: SiteSettings(title: "Test"), currency: "USD",
    roster: Roster([
      Person(email: owner, name: "Priya", personas: [.productOwner]),
      Person(email: "omar@example.com", name: "Omar", personas: [.productOwner]),
      Person(email: lead, name: "Dana", personas: [.finopsLead]),
      Person(email: engineer, name: "Sam", personas: [.cloudEngineer]),
      Person(email: leadEngineer, name: "Jordan", personas: [.finopsLead, .cloudEngineer]),
      Person(email: ownerLead, name: "Lee", personas: [.productOwner, .finopsLead]),
    ]),
    organization: Organization(units: [
      OrgUnit(id: "insurance", name: "Insurance", units: [
        OrgUnit(id: "claims", name: "Claims", units: [
          OrgUnit(id: "claims-digital", name: "Claims Digital", units: [
            OrgUnit(id: "claims-intake", name: "Claims Intake")
          ])
        ])
      ])
    ]),
    standards: Standards(
      platforms: [.bedrock, .claudePlatform],
      accounts: [Account(id: "111122223333", name: "ai-prod")],
      regions: ["us-east-1", "us-west-2"],
      models: ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"]),
    sla: SLAPolicy())

  static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

  static let request = Request(
    useCase: .operationsAI, purpose: .customerSupport, runtime: .lambda, teamSize: 6,
    utilization: "2,000 claim notes a day", monthlyBudget: Money(1200),
    businessCase: BusinessCase(
      valueType: .costSaving, annualBaseline: Money(480_000), targetPercent: 15))

  static let approval = Approval(
    platform: .bedrock, model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    account: "111122223333", region: "us-east-1",
    estimate: Estimate(monthly: Money(1134), inputTokens: 180_000_000, outputTokens: 39_600_000),
    businessCaseAcknowledged: true, priority: .normal, rationale: "Meets the accuracy bar.")

  /// A live component whose history and sections agree.
  static var liveComponent: Component {
    let steps: [(ImplementationStep, String)] = [
      (.modelAccess, "2026-10-02T10:15:00Z"), (.iamRole, "2026-10-02T10:22:00Z"),
      (.permissionPolicy, "2026-10-02T10:30:00Z"),
    ]
    var history = [
      HistoryEntry(
        at: time("2026-09-30T09:12:00Z"), transition: .submit, from: nil, to: .submitted,
        by: owner, persona: .productOwner),
      HistoryEntry(
        at: time("2026-10-01T11:40:00Z"), transition: .approve, from: .submitted, to: .approved,
        by: lead, persona: .finopsLead),
    ]
    for (step, at) in steps {
      history.append(
        HistoryEntry(
          at: time(at), transition: .completeStep, from: .approved, to: .approved, by: engineer,
          persona: .cloudEngineer, step: step))
    }
    history.append(
      HistoryEntry(
        at: time("2026-10-02T10:31:00Z"), transition: .implement, from: .approved,
        to: .readyToClaim, by: engineer, persona: .cloudEngineer))
    history.append(
      HistoryEntry(
        at: time("2026-10-02T15:00:00Z"), transition: .claim, from: .readyToClaim, to: .live,
        by: owner, persona: .productOwner))
    return Component(
      id: "k7q2", status: .live, request: request, approval: approval,
      implementation: Implementation(
        steps: Dictionary(uniqueKeysWithValues: steps.map { ($0.0, Signature(by: engineer, at: time($0.1))) })),
      claim: Signature(by: owner, at: time("2026-10-02T15:00:00Z")), history: history)
  }

  static var workload: Workload {
    Workload(
      slug: "claims-assistant", title: "Claims Assistant", owner: owner, product: "claims-intake",
      components: [liveComponent])
  }
}
