import Testing

@testable import FinOpsCore
@testable import FinOpsProvisioning

@Suite("What check accepts, provisioning makes")
struct CheckAgreementTests {
  @Test("every approval check accepts makes a Cloud Engineer task")
  func acceptedApprovalsMakeTasks() {
    let models = [
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0",
      "cohere.command-r-plus-v1:0", "claude-sonnet-4-6", "claude-haiku-4-5-20251001",
    ]
    let regions = ["us-east-1", "eu-west-1", "ap-northeast-1", "ca-central-1"]
    var configuration = Samples.configuration
    configuration.standards.models = models
    configuration.standards.regions = regions
    var accepted = 0
    var refused = 0
    for platform in Platform.allCases {
      for model in models {
        for region in regions {
          for workspace in [nil, Samples.workspace, "wrkspc 01", ""] {
            var workload = Samples.workload(platform: platform, model: model, region: region)
            workload.components[0].approval?.workspace = workspace
            let approval = workload.components[0].approval!
            var check = Checker(configuration: configuration, map: SourceMap(path: "w.md"))
            check.approval(approval, at: "components[0].approval")
            let errors = check.diagnostics.filter { $0.severity == .error }
            let made = (try? ProvisioningContext(workload: workload, component: workload.components[0])) != nil
            #expect(
              !errors.isEmpty || made,
              "\(platform.rawValue) \(model) \(region) \(workspace ?? "-"): accepted, no task")
            if errors.isEmpty { accepted += 1 } else { refused += 1 }
          }
        }
      }
    }
    // Both kinds are there: the test weighs real approvals, not only refused ones.
    #expect(accepted > 50)
    #expect(refused > 50)
  }
}
