/// The AWS partition a Region belongs to, which is the second field of every ARN.
public enum AWSPartition: String, Sendable, Hashable, CaseIterable {
  /// Commercial Regions.
  case aws
  /// AWS GovCloud (US): `us-gov-*`.
  case awsUSGov = "aws-us-gov"
  /// China: `cn-*`.
  case awsCN = "aws-cn"
  /// AWS European Sovereign Cloud: `eusc-*`.
  case awsEUSC = "aws-eusc"

  /// The partition of `region` (aws-facts §3 lists `eusc-de-east-1` under `aws-eusc`).
  public init(region: String) {
    if region.hasPrefix("us-gov-") {
      self = .awsUSGov
    } else if region.hasPrefix("cn-") {
      self = .awsCN
    } else if region.hasPrefix("eusc-") {
      self = .awsEUSC
    } else {
      self = .aws
    }
  }

  /// The console origin for `region`; only the commercial partition's is known, so nil elsewhere.
  public func consoleOrigin(region: String) -> String? {
    self == .aws ? String(spliced: "https://\(region).console.aws.amazon.com") : nil
  }
}
