import FinOpsCore

/// The Kubernetes service account an EKS workload's pods run as, which the role's trust policy
/// (IRSA) or Pod Identity association names.
///
/// Both parts are derived, never stored: the namespace is the workload slug and the name is the
/// default role name `finops-{slug}-{id}`, each a valid Kubernetes name for any valid slug.
public struct KubernetesServiceAccount: Sendable, Hashable {
  /// The namespace: the workload slug.
  public var namespace: String
  /// The service account name: `finops-{slug}-{id}`.
  public var name: String

  /// The service account of component `componentID` of workload `slug`.
  public init(slug: String, componentID: String) {
    namespace = slug
    name = RoleName.defaultName(slug: slug, id: componentID)
  }

  /// `system:serviceaccount:NAMESPACE:NAME`, the `sub` claim of its projected token.
  public var subject: String { String(spliced: "system:serviceaccount:\(namespace):\(name)") }
}
