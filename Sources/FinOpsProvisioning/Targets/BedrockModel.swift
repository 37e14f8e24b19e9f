import FinOpsCore

/// A Bedrock model ID as the application passes it, split into the foundation model and the
/// cross-Region inference profile geography, with the ARNs IAM evaluates for it.
public struct BedrockModel: Sendable, Hashable {
  /// The ID the application passes, such as `us.anthropic.claude-sonnet-4-5-20250929-v1:0`.
  public var id: String
  /// The profile's geography; nil when `id` is a foundation model called in-Region.
  public var geography: InferenceGeography?
  /// The foundation-model ID without a geography prefix, such as
  /// `anthropic.claude-sonnet-4-5-20250929-v1:0`.
  public var foundationModelID: String

  /// Parses a model ID; nil unless it is `provider.model…` in the characters Bedrock model IDs
  /// use (aws-facts §1.2: lowercase letters, digits, `-`, `.`, `:` and one optional `/`).
  public init?(id: String) {
    guard ModelKind.isBedrockModelID(id) else { return nil }
    self.id = id
    let geography = InferenceGeography(modelID: id)
    self.geography = geography
    let base = geography.map { String(id.dropFirst($0.rawValue.count + 1)) } ?? id
    guard ModelKind.isBedrockModelID(base) else { return nil }
    self.foundationModelID = base
  }

  /// The model provider, the first word of the foundation-model ID, such as `anthropic`.
  public var provider: String {
    // Found in the UTF-8 (a model ID is ASCII): walking its characters cost more than the rest
    // of the model-access step's summary.
    let utf8 = foundationModelID.utf8
    return String(foundationModelID[..<(utf8.firstIndex(of: UInt8(ascii: ".")) ?? utf8.endIndex)])
  }

  /// Whether `id` names a cross-Region inference profile rather than a foundation model.
  public var isInferenceProfile: Bool { geography != nil }

  /// `arn:PARTITION:bedrock:REGION::foundation-model/ID`; foundation-model ARNs have no account.
  public func foundationModelARN(region: String, partition: AWSPartition) -> String {
    String(
      spliced: "arn:\(partition.rawValue):bedrock:\(region)::foundation-model/\(foundationModelID)")
  }

  /// `arn:PARTITION:bedrock:::foundation-model/ID`, the Region-less ARN a global profile reaches.
  public func regionlessFoundationModelARN(partition: AWSPartition) -> String {
    String(spliced: "arn:\(partition.rawValue):bedrock:::foundation-model/\(foundationModelID)")
  }

  /// `arn:PARTITION:bedrock:REGION:ACCOUNT:inference-profile/ID` in the source Region; nil for a
  /// foundation model.
  public func inferenceProfileARN(region: String, account: String, partition: AWSPartition)
    -> String?
  {
    guard isInferenceProfile else { return nil }
    return String(
      spliced: "arn:\(partition.rawValue):bedrock:\(region):\(account):inference-profile/\(id)")
  }

  /// The Regions whose foundation-model ARN the role needs: the source Region for an in-Region
  /// model or a global profile, else the geography's destinations plus the source, sorted.
  public func foundationModelRegions(sourceRegion: String) -> [String] {
    guard let geography, geography != .global else { return [sourceRegion] }
    return Set(geography.destinationRegions + [sourceRegion]).sorted()
  }
}
