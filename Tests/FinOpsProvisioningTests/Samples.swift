import FinOpsCore
import Foundation
import Testing

@testable import FinOpsProvisioning

/// Approved records built in code, so provisioning tests never touch the disk.
enum Samples {
  static let owner = "priya@example.com"
  static let lead = "dana@example.com"
  static let account = "111122223333"
  static let workspace = "wrkspc_01AbCdEf23GhIj"

  static let configuration = Configuration(
    site: SiteSettings(title: "Test"), currency: "USD",
    roster: Roster([
      Person(email: owner, name: "Priya", personas: [.productOwner]),
      Person(email: lead, name: "Dana", personas: [.finopsLead]),
    ]),
    organization: Organization(units: []),
    standards: Standards(
      platforms: Platform.allCases, accounts: [Account(id: account, name: "ai-prod")],
      regions: ["us-east-1", "us-west-2", "eu-west-1"],
      models: ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"]),
    sla: SLAPolicy())

  /// One approved component of the `claims-assistant` workload with these choices.
  static func workload(
    platform: Platform = .bedrock, model: String = "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    runtime: Runtime = .lambda, region: String = "us-east-1", workspace: String? = nil,
    roleName: String? = nil, slug: String = "claims-assistant", id: String = "k7q2",
    account: String = account
  ) -> Workload {
    let request = Request(
      useCase: .operationsAI, purpose: .customerSupport, runtime: runtime, teamSize: 6,
      utilization: "2,000 claim notes a day", monthlyBudget: Money(1200),
      businessCase: BusinessCase(
        valueType: .costSaving, annualBaseline: Money(480_000), targetPercent: 15))
    let approval = Approval(
      platform: platform, model: model, account: account, region: region, roleName: roleName,
      workspace: workspace ?? (platform == .claudePlatform ? Samples.workspace : nil),
      estimate: Estimate(monthly: Money(1134), inputTokens: 180_000_000, outputTokens: 39_600_000),
      businessCaseAcknowledged: true, priority: .normal, rationale: "Meets the accuracy bar.")
    let component = Component(
      id: id, status: .approved, request: request, approval: approval)
    return Workload(
      slug: slug, title: "Claims Assistant", owner: owner, product: "claims-intake",
      components: [component])
  }

  /// The task of the sample's only component.
  static func task(_ workload: Workload) throws -> CloudEngineerTask {
    try CloudEngineerTask(
      workload: workload, component: workload.components[0], configuration: configuration)
  }

  /// A named combination of platform, model and runtime.
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let platform: Platform
    let model: String
    let runtime: Runtime
    var region = "us-east-1"

    var workload: Workload {
      Samples.workload(platform: platform, model: model, runtime: runtime, region: region)
    }

    var testDescription: String { name }
  }

  static let inRegionModel = "amazon.nova-pro-v1:0"
  static let crossRegionModel = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  static let globalModel = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
  static let claudeModel = "claude-sonnet-4-6"
  static let marketplaceModel = "cohere.command-r-plus-v1:0"

  /// Every platform with its kinds of model, on every runtime.
  static var allCases: [Case] {
    var cases: [Case] = []
    let targets: [(String, Platform, String)] = [
      ("bedrock-in-region", .bedrock, inRegionModel),
      ("bedrock-cross-region", .bedrock, crossRegionModel),
      ("bedrock-global", .bedrock, globalModel),
      ("bedrock-eu", .bedrock, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"),
      ("marketplace", .marketplace, marketplaceModel),
      ("claude-platform", .claudePlatform, claudeModel),
      ("agentcore", .agentcore, crossRegionModel),
    ]
    for (name, platform, model) in targets {
      for runtime in Runtime.allCases {
        cases.append(
          Case(
            name: "\(name)+\(runtime.rawValue)", platform: platform, model: model,
            runtime: runtime, region: name == "bedrock-eu" ? "eu-west-1" : "us-east-1"))
      }
    }
    return cases
  }
}
