import FinOpsCore

/// What the approved record says about one component, checked once so the task and the handoff
/// build only from values that are safe to put into ARNs, JSON and shell commands. A site keeps
/// one per component and makes the role, the task and the handoff from it.
public struct ProvisioningContext: Sendable {
  /// Where the model is called: a Bedrock model ID or a Claude Platform on AWS workspace.
  enum Target: Sendable, Hashable {
    /// Amazon Bedrock, Marketplace-sold serverless models, or AgentCore calling Bedrock.
    case bedrock(BedrockModel)
    /// Claude Platform on AWS, scoped to a workspace.
    case claudePlatform(ClaudePlatformWorkspace)
  }

  /// The workload slug.
  let slug: String
  /// The workload title.
  let title: String
  /// The component id.
  let componentID: String
  /// The FinOps Lead's approval.
  let approval: Approval
  /// The runtime the Product Owner selected.
  let requestedRuntime: Runtime
  /// The role name, default or approved override.
  public let roleName: String
  /// The role ARN.
  public let roleARN: String
  /// Where the model is called from, and by which runtime: everything of the approval the
  /// model-access step and the permission policy are made from.
  let approved: ApprovedTarget
  /// The service account an EKS runtime's pods use.
  let serviceAccount: KubernetesServiceAccount

  /// Checks the component's approval and derives everything else; throws `ProvisioningError`
  /// when the component has no approval or the approval holds a value that cannot go into an
  /// ARN or a command.
  public init(workload: Workload, component: Component) throws {
    let reference = String(spliced: "\(workload.slug)/\(component.id)")
    guard let approval = component.approval else {
      throw ProvisioningError(
        "\(reference) has no approval: the Cloud Engineer task and the Developer Handoff exist "
          + "only once the FinOps Lead approves it (status is '\(component.status.rawValue)')")
    }
    guard Identifiers.isAccountID(approval.account) else {
      throw ProvisioningError(
        "\(reference): account '\(approval.account)' is not 12 digits")
    }
    guard Identifiers.isRegion(approval.region) else {
      throw ProvisioningError(
        "\(reference): region '\(approval.region)' is not an AWS Region code such as us-east-1")
    }
    let roleName = RoleName.name(slug: workload.slug, component: component)
    guard RoleName.isValid(roleName) else {
      throw ProvisioningError(
        "\(reference): role name '\(roleName)' is not 1–\(RoleName.maximumLength) characters of "
          + "letters, digits and +=,.@_-")
    }
    let target: Target
    switch approval.platform {
    case .claudePlatform:
      guard let id = approval.workspace else {
        throw ProvisioningError(
          "\(reference): a Claude Platform on AWS approval needs a workspace, and it has none")
      }
      guard
        let workspace = ClaudePlatformWorkspace(
          id: id, region: approval.region, account: approval.account)
      else {
        throw ProvisioningError(
          "\(reference): workspace '\(id)' is not a workspace ID such as wrkspc_01AbCdEf23GhIj")
      }
      guard ModelKind.isClaudeAPIModel(approval.model) else {
        throw ProvisioningError(
          "\(reference): model '\(approval.model)' is not a Claude model ID such as "
            + "claude-sonnet-4-6")
      }
      target = .claudePlatform(workspace)
    case .bedrock, .marketplace, .agentcore:
      guard let model = BedrockModel(id: approval.model) else {
        throw ProvisioningError(
          "\(reference): model '\(approval.model)' is not a Bedrock model or inference-profile "
            + "ID such as anthropic.claude-sonnet-4-5-20250929-v1:0")
      }
      target = .bedrock(model)
    }
    slug = workload.slug
    title = workload.title
    componentID = component.id
    self.approval = approval
    requestedRuntime = component.request.runtime
    self.roleName = roleName
    approved = ApprovedTarget(
      approval: approval, target: target, requestedRuntime: component.request.runtime)
    roleARN = RoleName.arn(partition: approved.partition, account: approval.account, name: roleName)
    serviceAccount = KubernetesServiceAccount(slug: workload.slug, componentID: component.id)
  }

  /// `slug/id`.
  var reference: String { String(spliced: "\(slug)/\(componentID)") }

  /// The runtime whose service assumes the role (see `ApprovedTarget.runtime`).
  var runtime: Runtime { approved.runtime }

  /// The model or workspace.
  var target: Target { approved.target }

  /// The partition of the approved Region.
  var partition: AWSPartition { approved.partition }

  /// The approved Region.
  var region: String { approval.region }

  /// The approved account.
  var account: String { approval.account }

}

/// The part of a checked approval that says where the model is called from and which runtime's
/// service calls it, and nothing of the component: the model-access step and the permission
/// policy are made from it alone, so components approved for the same target share them (see
/// `CloudEngineerTask.Shared`).
struct ApprovedTarget: Sendable, Hashable {
  /// The approved platform.
  let platform: Platform
  /// The approved model ID.
  let model: String
  /// The model or workspace, checked.
  let target: ProvisioningContext.Target
  /// The approved Region.
  let region: String
  /// The approved account.
  let account: String
  /// The partition of the approved Region.
  let partition: AWSPartition
  /// The runtime whose service assumes the role: AgentCore Runtime on the AgentCore platform,
  /// whatever the request said, else the requested runtime.
  let runtime: Runtime

  /// The target of `approval`, whose model or workspace checked as `target`.
  init(approval: Approval, target: ProvisioningContext.Target, requestedRuntime: Runtime) {
    platform = approval.platform
    model = approval.model
    self.target = target
    region = approval.region
    account = approval.account
    partition = AWSPartition(region: approval.region)
    runtime = approval.platform == .agentcore ? .agentcore : requestedRuntime
  }

  /// Hashes what the rest is made from (the target and the partition are the model's or the
  /// workspace's and the Region's): equal targets hash alike, with fewer strings read.
  func hash(into hasher: inout Hasher) {
    hasher.combine(platform)
    hasher.combine(model)
    hasher.combine(region)
    hasher.combine(account)
    hasher.combine(runtime)
  }
}
