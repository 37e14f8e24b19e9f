import FinOpsCore

/// The IAM role a component's application assumes: its name and ARN, derived from the record.
public enum RoleName {
  /// IAM's limit on role names (aws-facts §3).
  public static let maximumLength = 64

  /// `finops-{slug}-{id}`, which fits IAM's 64 characters for any valid slug.
  public static func defaultName(slug: String, id: String) -> String {
    Identifiers.defaultRoleName(slug: slug, id: id)
  }

  /// The approved override, or the default.
  public static func name(slug: String, component: Component) -> String {
    component.roleName(slug: slug)
  }

  /// Whether IAM accepts `name`: 1–64 characters of `[A-Za-z0-9+=,.@_-]`.
  public static func isValid(_ name: String) -> Bool { Identifiers.isRoleName(name) }

  /// `arn:aws:iam::ACCOUNT:role/NAME`.
  public static func arn(account: String, name: String) -> String {
    arn(partition: .aws, account: account, name: name)
  }

  /// `arn:PARTITION:iam::ACCOUNT:role/NAME`, for a role in a Region of `partition`.
  public static func arn(partition: AWSPartition, account: String, name: String) -> String {
    String(spliced: "arn:\(partition.rawValue):iam::\(account):role/\(name)")
  }
}
