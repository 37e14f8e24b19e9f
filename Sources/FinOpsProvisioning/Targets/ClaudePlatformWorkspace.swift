import FinOpsCore

/// A Claude Platform on AWS workspace: the IAM resource a Claude Platform role is scoped to
/// (aws-facts §5.4).
public struct ClaudePlatformWorkspace: Sendable, Hashable {
  /// The workspace ID, such as `wrkspc_01AbCdEf23GhIj`.
  public var id: String
  /// The Region the workspace is bound to.
  public var region: String
  /// The AWS account the Claude Platform organisation is linked to.
  public var account: String

  /// Creates a workspace; nil unless `id` is letters, digits, `_` and `-` (1–128 of them).
  public init?(id: String, region: String, account: String) {
    guard Identifiers.isWorkspaceID(id) else { return nil }
    self.id = id
    self.region = region
    self.account = account
  }

  /// `arn:PARTITION:aws-external-anthropic:REGION:ACCOUNT:workspace/ID`.
  public var arn: String {
    let partition = AWSPartition(region: region).rawValue
    return String(
      spliced: "arn:\(partition):aws-external-anthropic:\(region):\(account):workspace/\(id)")
  }

  /// `https://aws-external-anthropic.REGION.api.aws`, the Region's API endpoint.
  public var endpoint: String {
    String(spliced: "https://aws-external-anthropic.\(region).api.aws")
  }
}
