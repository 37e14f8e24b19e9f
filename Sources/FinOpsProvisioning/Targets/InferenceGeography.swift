/// The geography prefix of a cross-Region (system-defined) inference profile ID, such as the `us`
/// of `us.anthropic.claude-sonnet-4-5-20250929-v1:0`.
public enum InferenceGeography: String, Sendable, Hashable, CaseIterable {
  /// United States.
  case us
  /// Europe.
  case eu
  /// Asia Pacific (and Middle East (UAE)).
  case apac
  /// Japan.
  case jp
  /// Australia.
  case au
  /// AWS GovCloud (US).
  case usGov = "us-gov"
  /// Global: any commercial Region, through the Region-less foundation-model ARN.
  case global

  /// The geography that prefixes `modelID`, or nil for a plain foundation-model ID.
  public init?(modelID: String) {
    guard let dot = modelID.firstIndex(of: ".") else { return nil }
    self.init(rawValue: String(modelID[..<dot]))
  }

  /// The Regions a profile of this geography may route to. Empty for `global`, whose requests
  /// reach the Region-less foundation-model ARN instead (aws-facts §1.2, §1.3, §1.5 C).
  public var destinationRegions: [String] { InferenceGeography.destinationRegionTable[self] ?? [] }

  /// Destination Regions per geography.
  ///
  /// aws-facts §1.3 says to read the destinations from `aws bedrock get-inference-profile …
  /// models[].modelArn`, which a pure function of the record cannot do, and §1.5 B lists the US
  /// Regions only as an illustration; it names the `us`, `eu`, `apac` and `global` prefixes
  /// (§1.2). So this table is the union, per geography, of every Region AWS documents a profile
  /// of that geography as able to reach "according to the model chosen" (AWS CDK
  /// `aws-bedrock-alpha` `CrossRegionInferenceProfileRegion`, which also defines `jp`, `au` and
  /// `us-gov`), intersected with the Bedrock Regions of aws-facts §3. A Region a given profile
  /// never routes to costs nothing in the policy: the foundation-model statement is fenced by
  /// `bedrock:InferenceProfileArn`. A missing one would fail that route with AccessDenied, so the
  /// model-access step prints the live list to compare, and the source Region is always added.
  static let destinationRegionTable: [InferenceGeography: [String]] = [
    .us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
    .eu: [
      "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
      "eu-west-2", "eu-west-3",
    ],
    .apac: [
      "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
      "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-7", "me-central-1",
    ],
    .jp: ["ap-northeast-1", "ap-northeast-3"],
    .au: ["ap-southeast-2", "ap-southeast-4"],
    .usGov: ["us-gov-east-1", "us-gov-west-1"],
    .global: [],
  ]

  /// Whether `region` is one this geography's profiles are documented to be called from.
  public func includes(region: String) -> Bool {
    self == .global || destinationRegions.contains(region)
  }
}
