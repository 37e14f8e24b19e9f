import FinOpsCore

/// The permission policy of a workload role: an explicit Deny of the AI inference services on
/// everything except the approved targets, and an Allow on exactly those targets.
///
/// The brief's "deny-all baseline, then an allow with a `bedrock:InvokedModelId` condition" is not
/// real IAM: that condition key does not exist, and an explicit `Deny *` would override any allow.
/// So, per aws-facts §1.4 and §1.5 D, the baseline is a `Deny` with `NotResource` listing exactly
/// the ARNs the Allow statements name, and the model is scoped by the `Resource` element:
///
/// - an in-Region foundation model: its ARN in the Region (§1.5 A);
/// - a geographic cross-Region profile: the profile ARN, and the foundation-model ARN in every
///   destination Region fenced with `bedrock:InferenceProfileArn` (§1.3, §1.5 B);
/// - a global profile: the profile in the source Region, the source-Region and the Region-less
///   foundation-model ARNs, fenced with `aws:RequestedRegion` and `bedrock:InferenceProfileArn`
///   (§1.3, §1.5 C);
/// - Claude Platform on AWS: the workspace ARN under `aws-external-anthropic` (§5.4).
///
/// `bedrock:InvokeModel` also authorises Converse and `bedrock:InvokeModelWithResponseStream`
/// ConverseStream; there are no Converse actions (§1.1). AWS Marketplace serverless models are
/// invoked exactly like Bedrock models (§7). An AgentCore Runtime execution role also gets the
/// runtime's own permissions (§6), and `bedrock-agentcore` is left out of its Deny (§1.5 D).
enum PermissionPolicy {
  /// The inline policy's name on the role.
  static let name = "finops-approved-model"

  /// The Sid of the guardrail statement.
  static let denySid = "DenyInferenceOutsideApprovedTargets"

  /// The IAM prefixes of every AI inference surface the guardrail covers (aws-facts §1.1, §1.5).
  static let inferencePrefixes = [
    "bedrock", "bedrock-mantle", "bedrock-agentcore", "aws-external-anthropic",
  ]

  /// The Bedrock actions that authorise InvokeModel, Converse and their streaming forms.
  static let bedrockInvokeActions = [
    "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream",
  ]

  /// The Claude Platform on AWS actions of a single-workspace inference role (aws-facts §5.4).
  static let claudePlatformActions = [
    "aws-external-anthropic:CreateInference", "aws-external-anthropic:CountTokens",
    "aws-external-anthropic:GetModel", "aws-external-anthropic:ListModels",
  ]

  /// The permission policy for an approved target and runtime.
  static func document(_ approved: ApprovedTarget) -> PolicyDocument {
    var allows: [PolicyStatement]
    switch approved.target {
    case .bedrock(let model):
      allows = bedrockStatements(model, approved: approved)
    case .claudePlatform(let workspace):
      allows = claudePlatformStatements(workspace)
    }
    var prefixes = inferencePrefixes
    if approved.runtime == .agentcore {
      allows += AgentCoreExecutionPolicy.statements(
        partition: approved.partition, region: approved.region, account: approved.account)
      prefixes.removeAll { $0 == "bedrock-agentcore" }
    }
    let deny = PolicyStatement(
      sid: denySid, effect: .deny, actions: prefixes.map { String(spliced: "\($0):*") },
      notResources: guardedResources(of: allows, prefixes: prefixes))
    return PolicyDocument(statements: [deny] + allows)
  }

  /// Every resource an Allow statement names for an action under one of `prefixes`, in order,
  /// without repeats: exactly what the Deny must leave out.
  static func guardedResources(of statements: [PolicyStatement], prefixes: [String]) -> [String] {
    var seen = Set<String>()
    var result: [String] = []
    let heads = prefixes.map { $0 + ":" }
    for statement in statements where statement.effect == .allow {
      let guarded = statement.actions.contains { action in
        heads.contains { action.hasPrefix($0) }
      }
      guard guarded else { continue }
      for resource in statement.resources where seen.insert(resource).inserted {
        result.append(resource)
      }
    }
    return result
  }

  private static func bedrockStatements(_ model: BedrockModel, approved: ApprovedTarget)
    -> [PolicyStatement]
  {
    let region = approved.region
    let partition = approved.partition
    let sourceModelARN = model.foundationModelARN(region: region, partition: partition)
    guard
      let geography = model.geography,
      let profileARN = model.inferenceProfileARN(
        region: region, account: approved.account, partition: partition)
    else {
      return [
        PolicyStatement(
          sid: "AllowApprovedModel", effect: .allow, actions: bedrockInvokeActions,
          resources: [sourceModelARN])
      ]
    }
    let throughProfile = PolicyCondition("StringEquals", "bedrock:InferenceProfileArn", profileARN)
    guard geography == .global else {
      return [
        PolicyStatement(
          sid: "AllowApprovedInferenceProfile", effect: .allow, actions: bedrockInvokeActions,
          resources: [profileARN]),
        PolicyStatement(
          sid: "AllowModelOnlyThroughProfile", effect: .allow, actions: bedrockInvokeActions,
          resources: model.foundationModelRegions(sourceRegion: region).map {
            model.foundationModelARN(region: $0, partition: partition)
          },
          conditions: [throughProfile]),
      ]
    }
    let inSourceRegion = PolicyCondition("StringEquals", "aws:RequestedRegion", region)
    return [
      PolicyStatement(
        sid: "AllowGlobalProfileInSourceRegion", effect: .allow, actions: bedrockInvokeActions,
        resources: [profileARN], conditions: [inSourceRegion]),
      PolicyStatement(
        sid: "AllowRegionalModelThroughGlobalProfile", effect: .allow,
        actions: bedrockInvokeActions, resources: [sourceModelARN],
        conditions: [inSourceRegion, throughProfile]),
      PolicyStatement(
        sid: "AllowRegionlessModelThroughGlobalProfile", effect: .allow,
        actions: bedrockInvokeActions,
        resources: [model.regionlessFoundationModelARN(partition: partition)],
        conditions: [
          PolicyCondition("StringEquals", "aws:RequestedRegion", "unspecified"), throughProfile,
        ]),
    ]
  }

  /// The workspace allow, plus the STS permissions AWS's `AnthropicInferenceAccess` managed policy
  /// grants so the Claude Platform gateway can mint the caller's web identity token.
  private static func claudePlatformStatements(_ workspace: ClaudePlatformWorkspace)
    -> [PolicyStatement]
  {
    [
      PolicyStatement(
        sid: "AllowApprovedWorkspace", effect: .allow, actions: claudePlatformActions,
        resources: [workspace.arn]),
      PolicyStatement(
        sid: "AllowClaudePlatformWebIdentityToken", effect: .allow,
        actions: ["sts:GetWebIdentityToken"], resources: ["*"],
        conditions: [
          PolicyCondition(
            "ForAnyValue:StringEquals", "sts:IdentityTokenAudience", "https://api.anthropic.com",
            "https://platform.claude.com"),
          PolicyCondition(
            "StringEquals", "aws:CalledViaLast", "aws-external-anthropic.amazonaws.com"),
        ]),
      PolicyStatement(
        sid: "AllowClaudePlatformWebIdentityTokenTags", effect: .allow,
        actions: ["sts:TagGetWebIdentityToken"], resources: ["*"]),
    ]
  }
}
