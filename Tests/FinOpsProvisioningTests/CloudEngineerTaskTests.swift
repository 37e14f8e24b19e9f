import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsProvisioning

@Suite("The Cloud Engineer task")
struct CloudEngineerTaskTests {
  /// Rendered tasks kept as goldens: every runtime's and every platform's command set.
  static let renderedCases: [Samples.Case] = [
    .init(
      name: "bedrock-lambda", platform: .bedrock, model: Samples.crossRegionModel,
      runtime: .lambda),
    .init(
      name: "claude-platform-ecs", platform: .claudePlatform, model: Samples.claudeModel,
      runtime: .ecs, region: "us-west-2"),
    .init(
      name: "bedrock-global-eks-irsa", platform: .bedrock, model: Samples.globalModel,
      runtime: .eksIRSA),
    .init(
      name: "bedrock-in-region-eks-pod-identity", platform: .bedrock, model: Samples.inRegionModel,
      runtime: .eksPodIdentity),
    .init(
      name: "marketplace-ec2", platform: .marketplace, model: Samples.marketplaceModel,
      runtime: .ec2),
    .init(
      name: "bedrock-eu-sagemaker", platform: .bedrock,
      model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", runtime: .sagemaker,
      region: "eu-west-1"),
    .init(
      name: "bedrock-step-functions", platform: .bedrock, model: Samples.crossRegionModel,
      runtime: .stepFunctions),
    .init(
      name: "agentcore-platform-lambda-request", platform: .agentcore,
      model: Samples.crossRegionModel, runtime: .lambda),
  ]

  @Test("the rendered task matches its golden", arguments: renderedCases)
  func renderedGolden(sample: Samples.Case) throws {
    assertGolden(try Samples.task(sample.workload).markdown, named: "task-\(sample.name).md")
  }

  @Test("the task has the four steps in order", arguments: Samples.allCases)
  func steps(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    #expect(
      task.steps.map(\.key) == ["model-access", "iam-role", "permission-policy", "implement"])
    #expect(
      task.steps.map(\.implementationStep) == [.modelAccess, .iamRole, .permissionPolicy, nil])
    #expect(task.steps.allSatisfy { !$0.commands.isEmpty && !$0.title.isEmpty })
    #expect(task.step("iam-role")?.files.first?.content == task.trustPolicy)
    #expect(task.step("permission-policy")?.files.first?.content == task.permissionPolicy)
  }

  @Test("every file a command reads is one of its step's files", arguments: Samples.allCases)
  func filesExist(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    var read = 0
    for step in task.steps {
      let names = Set(step.files.map(\.name))
      for command in step.commands {
        for reference in Self.fileReferences(command) {
          read += 1
          #expect(names.contains(reference), "\(step.key) reads \(reference), not in its files")
        }
      }
    }
    #expect(read == 2)
  }

  @Test("every command is valid shell", arguments: Samples.allCases)
  func shellSyntax(sample: Samples.Case) throws {
    let bash = URL(fileURLWithPath: "/bin/bash")
    guard FileManager.default.isExecutableFile(atPath: bash.path) else { return }
    for command in try Samples.task(sample.workload).steps.flatMap(\.commands) {
      let process = Process()
      process.executableURL = bash
      process.arguments = ["-n", "-c", command]
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "bash -n rejects:\n\(command)")
    }
  }

  @Test("Bedrock and EKS commands name the approved Region", arguments: Samples.allCases)
  func region(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    for command in task.steps.flatMap(\.commands) {
      for line in command.split(separator: "\n") where line.contains("aws bedrock ") {
        #expect(
          line.contains("--region \(sample.region)")
            || command.contains("--region \(sample.region)"))
      }
      if command.contains("aws eks ") { #expect(command.contains("--region \(sample.region)")) }
    }
  }

  @Test("model access is checked on the foundation model, without the geography prefix")
  func baseModel() throws {
    let task = try Samples.task(Samples.workload(model: Samples.crossRegionModel))
    let step = try #require(task.step("model-access"))
    #expect(
      step.commands[0] == """
        aws bedrock get-foundation-model-availability \\
          --model-id anthropic.claude-sonnet-4-5-20250929-v1:0 \\
          --region us-east-1
        """)
    #expect(
      step.links.first?.url
        == "https://us-east-1.console.aws.amazon.com/bedrock/home?region=us-east-1"
        + "#/model-catalog/serverless/anthropic.claude-sonnet-4-5-20250929-v1:0")
  }

  @Test("the role is tagged for attribution and named within IAM's limit")
  func roleName() throws {
    let slug = String(repeating: "a", count: Identifiers.maximumSlugLength)
    let task = try Samples.task(Samples.workload(slug: slug))
    #expect(task.roleName.count == RoleName.maximumLength)
    #expect(task.roleARN == "arn:aws:iam::111122223333:role/finops-\(slug)-k7q2")
    let tag = try #require(task.step("iam-role")?.commands.first { $0.contains("tag-role") })
    #expect(tag.contains("Key=finops:workload,Value=\(slug)"))
    #expect(tag.contains("Key=finops:component,Value=k7q2"))
  }

  @Test("an approved role name override is used everywhere")
  func roleOverride() throws {
    let task = try Samples.task(Samples.workload(roleName: "claims+assistant@prod"))
    #expect(task.roleARN == "arn:aws:iam::111122223333:role/claims+assistant@prod")
    #expect(
      task.step("iam-role")?.commands.first { $0.contains("create-role") }?
        .contains("--role-name claims+assistant@prod") == true)
  }

  @Test(
    "the checked context's role is the task's role, and makes the same task",
    arguments: Samples.allCases)
  func roleAlone(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    let context = try ProvisioningContext(
      workload: sample.workload, component: sample.workload.components[0])
    #expect(context.roleName == task.roleName)
    #expect(context.roleARN == task.roleARN)
    let again = CloudEngineerTask(context, configuration: Samples.configuration)
    #expect(again.steps == task.steps)
    #expect(again.notes == task.notes)
    #expect(again.permissionPolicy == task.permissionPolicy)
  }

  @Test("tasks that take one target's parts from a shared store equal tasks made alone")
  func sharedParts() throws {
    let shared = CloudEngineerTask.Shared()
    var compared = 0
    for sample in Samples.allCases {
      for region in ["us-east-1", "eu-west-1", "us-gov-west-1"] {
        // The second account is not in finops.yml: its steps name no account.
        for account in [Samples.account, "444455556666"] {
          for (slug, id) in [("claims-assistant", "k7q2"), ("fraud-triage", "b8m1")] {
            let workload = Samples.workload(
              platform: sample.platform, model: sample.model, runtime: sample.runtime,
              region: region, slug: slug, id: id, account: account)
            let context = try ProvisioningContext(
              workload: workload, component: workload.components[0])
            let alone = CloudEngineerTask(context, configuration: Samples.configuration)
            let sharing = CloudEngineerTask(
              context, configuration: Samples.configuration, shared: shared)
            #expect(sharing.steps == alone.steps, "\(sample.name) \(region) \(account) \(slug)")
            #expect(sharing.permissionPolicy == alone.permissionPolicy)
            #expect(sharing.trustPolicy == alone.trustPolicy)
            #expect(sharing.notes == alone.notes)
            compared += 1
          }
        }
      }
    }
    #expect(compared == Samples.allCases.count * 12)
  }

  @Test("a component without an approval has no task")
  func unapproved() {
    var workload = Samples.workload()
    workload.components[0].approval = nil
    workload.components[0].status = .submitted
    #expect(throws: ProvisioningError.self) {
      try Samples.task(workload)
    }
    #expect(throws: ProvisioningError.self) {
      try ProvisioningContext(workload: workload, component: workload.components[0])
    }
    #expect(throws: ProvisioningError.self) {
      try DeveloperHandoff(workload: workload, component: workload.components[0])
    }
  }

  static let invalid: [(String, @Sendable (inout Approval) -> Void)] = [
    (
      "claude platform without workspace",
      {
        $0.platform = .claudePlatform
        $0.model = "claude-sonnet-4-6"
      }
    ),
    (
      "workspace with a space",
      {
        $0.platform = .claudePlatform
        $0.workspace = "wrkspc 1"
      }
    ),
    ("model with a quote", { $0.model = "anthropic.claude'; rm -rf /" }),
    ("model without provider", { $0.model = "claude" }),
    ("short account", { $0.account = "1234" }),
    ("region with a space", { $0.region = "us east 1" }),
    ("role name too long", { $0.roleName = String(repeating: "r", count: 65) }),
  ]

  @Test(
    "an approval with a value that cannot go into an ARN is refused", arguments: invalid.map(\.0))
  func refused(name: String) throws {
    let mutate = try #require(Self.invalid.first { $0.0 == name }?.1)
    var workload = Samples.workload()
    if var approval = workload.components[0].approval {
      mutate(&approval)
      workload.components[0].approval = approval
    }
    let error = #expect(throws: ProvisioningError.self) { try Samples.task(workload) }
    #expect(error?.message.hasPrefix("claims-assistant/k7q2") == true)
  }

  @Test("the account's name from finops.yml is shown")
  func accountName() throws {
    let task = try Samples.task(Samples.workload())
    #expect(task.accountName == "ai-prod")
    #expect(task.step("model-access")?.summary.contains("account 111122223333 (ai-prod)") == true)
  }

  /// The `NAME` of every `file://NAME` in a command.
  static func fileReferences(_ command: String) -> [String] {
    command.components(separatedBy: "file://").dropFirst().map { rest in
      String(rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "'" })
    }
  }
}
