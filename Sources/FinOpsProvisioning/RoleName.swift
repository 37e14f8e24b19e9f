import FinOpsCore

/// The IAM role a component's application assumes: its name and ARN, derived from the record.
public enum RoleName {
  /// `finops-{slug}-{id}`, which fits IAM's 64 characters for any valid slug.
  public static func defaultName(slug: String, id: String) -> String { "finops-\(slug)-\(id)" }

  /// The approved override, or the default.
  public static func name(slug: String, component: Component) -> String {
    component.approval?.roleName ?? defaultName(slug: slug, id: component.id)
  }

  /// `arn:aws:iam::ACCOUNT:role/NAME`.
  public static func arn(account: String, name: String) -> String {
    "arn:aws:iam::\(account):role/\(name)"
  }
}
