import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsProvisioning

@Suite("Trust and permission policies")
struct PolicyTests {
  @Test("the trust policy for each runtime matches its golden", arguments: Runtime.allCases)
  func trustGolden(runtime: Runtime) throws {
    let task = try Samples.task(Samples.workload(runtime: runtime))
    _ = try ParsedPolicy(task.trustPolicy)
    assertGolden(task.trustPolicy, named: "trust-\(runtime.rawValue).json")
  }

  @Test("each runtime's trust names the service AWS documents for it", arguments: Runtime.allCases)
  func trustPrincipal(runtime: Runtime) throws {
    let task = try Samples.task(Samples.workload(runtime: runtime))
    let statement = try #require(ParsedPolicy(task.trustPolicy).statements.first)
    let principal = try #require(statement["Principal"] as? [String: Any])
    let expected: [Runtime: String] = [
      .lambda: "lambda.amazonaws.com", .ecs: "ecs-tasks.amazonaws.com",
      .eksPodIdentity: "pods.eks.amazonaws.com", .ec2: "ec2.amazonaws.com",
      .sagemaker: "sagemaker.amazonaws.com", .stepFunctions: "states.amazonaws.com",
      .agentcore: "bedrock-agentcore.amazonaws.com",
    ]
    if let service = expected[runtime] {
      #expect(ParsedPolicy.strings(principal["Service"]) == [service])
      #expect(ParsedPolicy.strings(statement["Action"]).contains("sts:AssumeRole"))
    } else {
      #expect(
        ParsedPolicy.strings(principal["Federated"]) == [
          "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EKS_OIDC_ID"
        ])
      #expect(ParsedPolicy.strings(statement["Action"]) == ["sts:AssumeRoleWithWebIdentity"])
    }
  }

  @Test("the AgentCore platform makes the role an AgentCore Runtime execution role")
  func agentCorePlatformTrust() throws {
    let task = try Samples.task(Samples.workload(platform: .agentcore, runtime: .lambda))
    #expect(task.runtime == .agentcore)
    #expect(task.trustPolicy.contains("\"Service\": \"bedrock-agentcore.amazonaws.com\""))
    #expect(task.permissionDocument.statement("AgentCoreImagePull") != nil)
  }

  static let permissionCases: [(String, Samples.Case)] = [
    (
      "bedrock-in-region",
      .init(name: "", platform: .bedrock, model: Samples.inRegionModel, runtime: .lambda)
    ),
    (
      "bedrock-cross-region",
      .init(name: "", platform: .bedrock, model: Samples.crossRegionModel, runtime: .lambda)
    ),
    (
      "bedrock-global",
      .init(name: "", platform: .bedrock, model: Samples.globalModel, runtime: .lambda)
    ),
    (
      "bedrock-eu-cross-region",
      .init(
        name: "", platform: .bedrock, model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        runtime: .lambda, region: "eu-west-1")
    ),
    (
      "marketplace",
      .init(name: "", platform: .marketplace, model: Samples.marketplaceModel, runtime: .ecs)
    ),
    (
      "claude-platform",
      .init(
        name: "", platform: .claudePlatform, model: Samples.claudeModel, runtime: .ecs,
        region: "us-west-2")
    ),
    (
      "agentcore",
      .init(name: "", platform: .agentcore, model: Samples.crossRegionModel, runtime: .agentcore)
    ),
  ]

  @Test(
    "the permission policy for each platform and kind of model matches its golden",
    arguments: permissionCases.map(\.0))
  func permissionGolden(name: String) throws {
    let sample = try #require(Self.permissionCases.first { $0.0 == name }?.1)
    let task = try Samples.task(sample.workload)
    _ = try ParsedPolicy(task.permissionPolicy)
    assertGolden(task.permissionPolicy, named: "permission-\(name).json")
  }

  @Test("every policy is valid JSON that IAM reads as intended", arguments: Samples.allCases)
  func invariants(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    let trust = try ParsedPolicy(task.trustPolicy)
    let permission = try ParsedPolicy(task.permissionPolicy)
    for policy in [trust, permission] {
      #expect(!policy.conditionKeys.contains { $0.lowercased() == "bedrock:invokedmodelid" })
      #expect(!policy.conditionKeys.contains { $0.lowercased() == "bedrock:modelid" })
      for deny in policy.denies {
        #expect(deny["NotResource"] != nil, "a Deny without NotResource denies the allow too")
        #expect(deny["Resource"] == nil)
        #expect(!ParsedPolicy.strings(deny["Action"]).contains("*"))
      }
    }
    #expect(!task.permissionPolicy.contains("InvokedModelId"))
    #expect(permission.denies.count == 1)
    let deny = try #require(permission.denies.first)
    let prefixes = ParsedPolicy.wildcardPrefixes(deny)
    #expect(prefixes.contains("bedrock") && prefixes.contains("bedrock-mantle"))
    #expect(prefixes.contains("aws-external-anthropic"))
    // The Deny leaves out exactly the ARNs the Allow statements grant under its prefixes.
    var allowed: [String] = []
    for allow in permission.allows {
      let guarded = ParsedPolicy.strings(allow["Action"]).contains { action in
        prefixes.contains { action.hasPrefix("\($0):") }
      }
      if guarded { allowed += ParsedPolicy.strings(allow["Resource"]) }
    }
    let notResource = ParsedPolicy.strings(deny["NotResource"])
    #expect(!allowed.isEmpty)
    #expect(Set(notResource) == Set(allowed))
    #expect(notResource.count == Set(notResource).count)
    #expect(!notResource.contains("*"))
    // IAM counts 10,240 characters per role's inline policies, whitespace excluded (aws-facts §3).
    #expect(task.permissionPolicy.filter { !$0.isWhitespace }.count < 10_240)
  }

  @Test(
    "Bedrock targets allow both invoke actions, which also cover Converse and ConverseStream",
    arguments: Samples.allCases.filter { $0.platform != .claudePlatform })
  func invokeActions(sample: Samples.Case) throws {
    let task = try Samples.task(sample.workload)
    let actions = try ParsedPolicy(task.permissionPolicy).allows.flatMap {
      ParsedPolicy.strings($0["Action"])
    }
    #expect(actions.contains("bedrock:InvokeModel"))
    #expect(actions.contains("bedrock:InvokeModelWithResponseStream"))
    #expect(!actions.contains { $0.hasPrefix("bedrock:Converse") })
  }

  @Test("a cross-Region profile allows the profile and the model in every destination Region")
  func crossRegion() throws {
    let task = try Samples.task(Samples.workload(model: Samples.crossRegionModel))
    let profile =
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/"
      + "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    let profileStatement = try #require(
      task.permissionDocument.statement("AllowApprovedInferenceProfile"))
    #expect(profileStatement.resources == [profile])
    let models = try #require(task.permissionDocument.statement("AllowModelOnlyThroughProfile"))
    #expect(
      models.resources
        == ["us-east-1", "us-east-2", "us-west-1", "us-west-2"].map {
          "arn:aws:bedrock:\($0)::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
        })
    #expect(
      models.conditions == [PolicyCondition("StringEquals", "bedrock:InferenceProfileArn", profile)]
    )
  }

  @Test("a source Region outside the geography's table is still allowed, with a note")
  func sourceRegionAdded() throws {
    let task = try Samples.task(
      Samples.workload(model: Samples.crossRegionModel, region: "ca-central-1"))
    let models = try #require(task.permissionDocument.statement("AllowModelOnlyThroughProfile"))
    #expect(
      models.resources.contains {
        $0.hasPrefix("arn:aws:bedrock:ca-central-1::foundation-model/")
      })
    #expect(
      task.notes.contains {
        $0.contains("ca-central-1 is not among the us profile's tabled Regions")
      })
  }

  @Test("a global profile reaches the Region-less model ARN with RequestedRegion unspecified")
  func global() throws {
    let task = try Samples.task(Samples.workload(model: Samples.globalModel))
    let regionless = try #require(
      task.permissionDocument.statement("AllowRegionlessModelThroughGlobalProfile"))
    #expect(
      regionless.resources == [
        "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"
      ])
    #expect(
      regionless.conditions.map(\.key) == ["aws:RequestedRegion", "bedrock:InferenceProfileArn"])
    #expect(regionless.conditions.first?.values == ["unspecified"])
  }

  @Test("Claude Platform on AWS is scoped to the workspace ARN")
  func claudePlatform() throws {
    let task = try Samples.task(
      Samples.workload(platform: .claudePlatform, model: Samples.claudeModel, region: "us-west-2"))
    let allow = try #require(task.permissionDocument.statement("AllowApprovedWorkspace"))
    #expect(
      allow.resources == [
        "arn:aws:aws-external-anthropic:us-west-2:111122223333:workspace/wrkspc_01AbCdEf23GhIj"
      ])
    #expect(allow.actions.contains("aws-external-anthropic:CreateInference"))
    let deny = try #require(task.permissionDocument.statement(PermissionPolicy.denySid))
    #expect(deny.notResources == allow.resources)
  }

  @Test("policies are written in the same bytes every time")
  func deterministic() throws {
    for sample in Samples.allCases.prefix(20) {
      let first = try Samples.task(sample.workload)
      let second = try Samples.task(sample.workload)
      #expect(first.trustPolicy == second.trustPolicy)
      #expect(first.permissionPolicy == second.permissionPolicy)
      #expect(first.markdown == second.markdown)
    }
  }

  @Test("JSON strings escape quotes, backslashes and control characters only")
  func jsonEscaping() {
    var json = PolicyJSON()
    json.string("a\"b\\c/d\n\u{1}é")
    #expect(String(decoding: json.bytes, as: UTF8.self) == "\"a\\\"b\\\\c/d\\n\\u0001é\"")
    var empty = PolicyJSON()
    empty.strings([])
    #expect(String(decoding: empty.bytes, as: UTF8.self) == "[]")
  }

  /// A JSON value held as a tree, for the reference writer below.
  indirect enum Tree {
    case string(String)
    case array([Tree])
    case object([(String, Tree)])

    /// One value as a string, several as an array.
    static func strings(_ values: [String]) -> Tree {
      values.count == 1 ? .string(values[0]) : .array(values.map(Tree.string))
    }

    /// A statement as IAM writes it: members in IAM's order, conditions grouped by operator.
    init(_ statement: PolicyStatement) {
      var members: [(String, Tree)] = [
        ("Sid", .string(statement.sid)), ("Effect", .string(statement.effect.rawValue)),
      ]
      if let principal = statement.principal {
        members.append(
          ("Principal", .object([(principal.kind.rawValue, .strings(principal.values))])))
      }
      members.append(("Action", .strings(statement.actions)))
      if !statement.resources.isEmpty {
        members.append(("Resource", .strings(statement.resources)))
      }
      if !statement.notResources.isEmpty {
        members.append(("NotResource", .strings(statement.notResources)))
      }
      if !statement.conditions.isEmpty {
        var operators: [String] = []
        var keys: [String: [(String, Tree)]] = [:]
        for condition in statement.conditions {
          if keys[condition.operator] == nil { operators.append(condition.operator) }
          keys[condition.operator, default: []].append((condition.key, .strings(condition.values)))
        }
        members.append(("Condition", .object(operators.map { ($0, .object(keys[$0] ?? [])) })))
      }
      self = .object(members)
    }

    /// Writes the tree through `json`.
    func write(to json: inout PolicyJSON) {
      switch self {
      case .string(let text): json.string(text)
      case .array(let items):
        json.beginArray()
        for item in items {
          json.element()
          item.write(to: &json)
        }
        json.endArray()
      case .object(let members):
        json.beginObject()
        for (key, value) in members {
          json.key(key)
          value.write(to: &json)
        }
        json.endObject()
      }
    }
  }

  /// JSON as a tree of strings joined gives it: the reference the writer is checked against.
  static func reference(_ value: Tree, indent: Int = 0) -> String {
    let pad = String(repeating: " ", count: indent)
    let inner = String(repeating: " ", count: indent + 2)
    func quoted(_ text: String) -> String {
      var json = PolicyJSON()
      json.string(text)
      return String(decoding: json.bytes, as: UTF8.self)
    }
    switch value {
    case .string(let text): return quoted(text)
    case .array(let items):
      guard !items.isEmpty else { return "[]" }
      return "[\n" + items.map { inner + reference($0, indent: indent + 2) }.joined(separator: ",\n")
        + "\n" + pad + "]"
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      return "{\n"
        + members.map { inner + quoted($0.0) + ": " + reference($0.1, indent: indent + 2) }
          .joined(separator: ",\n") + "\n" + pad + "}"
    }
  }

  @Test("JSON is indented two spaces a level, however deep; policies are as IAM writes them")
  func jsonIndentation() throws {
    var deep = Tree.object([("k", .string("v")), ("e", .object([])), ("a", .array([]))])
    for level in 0..<45 {
      deep = level % 2 == 0 ? .array([.string("a"), deep]) : .object([("x\(level)", deep)])
    }
    var json = PolicyJSON()
    deep.write(to: &json)
    #expect(String(decoding: json.bytes, as: UTF8.self) == Self.reference(deep))
    for sample in Samples.allCases.prefix(20) {
      let task = try Samples.task(sample.workload)
      let documents = [
        (task.permissionDocument, task.permissionPolicy), (task.trustDocument, task.trustPolicy),
      ]
      for (document, text) in documents {
        let tree = Tree.object([
          ("Version", .string(PolicyDocument.version)),
          ("Statement", .array(document.statements.map(Tree.init))),
        ])
        #expect(text == Self.reference(tree) + "\n")
      }
    }
  }
}
