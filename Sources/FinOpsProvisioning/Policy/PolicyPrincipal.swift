/// The `Principal` of a trust policy statement: a service or a federated identity provider.
public struct PolicyPrincipal: Sendable, Hashable {
  /// The kind of principal, which is the key under `Principal`.
  public enum Kind: String, Sendable, Hashable {
    /// An AWS service, such as `lambda.amazonaws.com`.
    case service = "Service"
    /// An identity provider ARN, such as an EKS cluster's OIDC provider.
    case federated = "Federated"
  }

  /// Service or federated.
  public var kind: Kind
  /// The service principals or provider ARNs.
  public var values: [String]

  /// Creates a principal.
  public init(_ kind: Kind, _ values: String...) {
    self.kind = kind
    self.values = values
  }
}
