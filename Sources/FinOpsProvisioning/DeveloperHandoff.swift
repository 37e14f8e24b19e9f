import FinOpsCore

/// What the Product Owner pastes into the application once the role is ready: the role ARN, the
/// model ID and the Region (and, for Claude Platform on AWS, the workspace).
///
/// `text` is the copy-all block: one `NAME=value` line per variable, in the order of `variables`,
/// ending with a newline, usable as a `.env` file or after `export`:
///
/// ```
/// AWS_ROLE_ARN=arn:aws:iam::111122223333:role/finops-claims-assistant-k7q2
/// BEDROCK_MODEL_ID=us.anthropic.claude-sonnet-4-5-20250929-v1:0
/// AWS_REGION=us-east-1
/// ```
///
/// For Claude Platform on AWS the model line is `ANTHROPIC_MODEL` and `ANTHROPIC_AWS_WORKSPACE_ID`
/// follows it, the variable Anthropic's SDKs read for the workspace. Values never need quoting:
/// they are checked to be ARN, ID and Region characters only.
public struct DeveloperHandoff: Sendable {
  /// The role the application assumes.
  public var roleARN: String
  /// The model ID the application passes.
  public var modelID: String
  /// The Region the application calls.
  public var region: String
  /// The Claude Platform on AWS workspace; nil on other platforms.
  public var workspace: String?
  /// Each value with its variable name, for copying one at a time.
  public var variables: [HandoffVariable]
  /// The copy-all block.
  public var text: String

  /// The handoff for `component` of `workload`; throws `ProvisioningError` when it has no
  /// approval or the approval holds a value that cannot go into an ARN.
  public init(workload: Workload, component: Component) throws {
    self.init(try ProvisioningContext(workload: workload, component: component))
  }

  /// The handoff of the component `context` was checked from.
  public init(_ context: ProvisioningContext) {
    roleARN = context.roleARN
    modelID = context.approval.model
    region = context.region
    var variables = [HandoffVariable(name: "AWS_ROLE_ARN", title: "IAM role ARN", value: roleARN)]
    switch context.target {
    case .bedrock:
      workspace = nil
      variables.append(HandoffVariable(name: "BEDROCK_MODEL_ID", title: "Model ID", value: modelID))
    case .claudePlatform(let target):
      workspace = target.id
      variables.append(HandoffVariable(name: "ANTHROPIC_MODEL", title: "Model ID", value: modelID))
      variables.append(
        HandoffVariable(name: "ANTHROPIC_AWS_WORKSPACE_ID", title: "Workspace ID", value: target.id)
      )
    }
    variables.append(HandoffVariable(name: "AWS_REGION", title: "AWS Region", value: region))
    self.variables = variables
    text = variables.map(\.line).joined(separator: "\n") + "\n"
  }
}
