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
  /// `check` refuses a profile approved in a Region tabled for other geographies alone, and
  /// warns of one in no geography's table (`ProfileRegionProblem`).
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

  /// How a Region fits the profiles of one geography.
  public enum RegionFit: Sendable, Hashable {
    /// Among the Regions tabled for it (any Region, for `global`).
    case tabled
    /// Tabled for these other geographies alone: a profile of this one is not offered there
    /// (an `eu` Region is never the source of a `us` profile).
    case otherGeographies([InferenceGeography])
    /// In no geography's table: a Region AWS may have added to the profile since, so only the
    /// live `get-inference-profile` can tell.
    case untabled
  }

  /// Where `region` stands for a profile of this geography.
  public func fit(region: String) -> RegionFit {
    if includes(region: region) { return .tabled }
    let others = Self.allCases.filter { $0.destinationRegions.contains(region) }
    return others.isEmpty ? .untabled : .otherGeographies(others)
  }
}

/// What a FinOps Lead is told when an approval's cross-Region inference profile does not fit its
/// Region: `check`'s `standards.model-region` and `approve`'s refusal, in the same words.
public struct ProfileRegionProblem: Sendable, Hashable {
  /// The rule id both report it under.
  public static let rule = "standards.model-region"

  /// An error when the Region belongs to other geographies alone; a warning when it is in no
  /// geography's table.
  public var severity: Severity
  /// What is wrong, naming the model and the Region.
  public var message: String
  /// The profile's Regions, then the fixes finops.yml allows.
  public var notes: [String]

  /// The problem with calling `model` from `region`, or nil when there is none (a foundation
  /// model called in-Region, a global profile, a profile in a Region tabled for it).
  /// `standards` gives the fixes it may suggest: the models and Regions finops.yml allows.
  public init?(model: String, region: String, standards: Standards) {
    guard let geography = InferenceGeography(modelID: model) else { return nil }
    let fit = geography.fit(region: region)
    guard fit != .tabled else { return nil }
    let name = geography.rawValue
    let regions = geography.destinationRegions
    var fixes: [String] = []
    // The same model through a profile that fits, then the Regions this profile fits.
    let base = model.dropFirst(name.count + 1)
    let profiles = standards.models.filter { candidate in
      guard let other = InferenceGeography(modelID: candidate), other != geography else {
        return false
      }
      return candidate.dropFirst(other.rawValue.count + 1) == base && other.includes(region: region)
    }
    if !profiles.isEmpty {
      fixes.append(
        "a profile offered in \(region): " + profiles.map { "'\($0)'" }.joined(separator: ", "))
    }
    let allowed = standards.regions.filter { regions.contains($0) }
    if !allowed.isEmpty {
      fixes.append(
        "a Region of the \(name) geography in finops.yml: " + allowed.joined(separator: ", "))
    }
    switch fit {
    case .tabled:
      return nil
    case .otherGeographies(let others):
      severity = .error
      message = String(
        spliced: """
          model '\(model)' is a cross-Region inference profile of the \(name) geography, which \
          is not offered in \(region) (a Region of the \
          \(others.map(\.rawValue).joined(separator: " and ")) \
          \(others.count == 1 ? "geography" : "geographies")): every call would fail
          """)
      notes = ["\(name) profiles are called from " + regions.joined(separator: ", ")] + fixes
    case .untabled:
      severity = .warning
      message = String(
        spliced: """
          \(region) is not among the Regions AWS documents for cross-Region inference profiles \
          of the \(name) geography ('\(model)'): calls fail unless AWS has added it since
          """)
      notes =
        [
          "\(name) profiles are called from " + regions.joined(separator: ", "),
          String(
            spliced: """
              aws bedrock get-inference-profile --inference-profile-identifier \(model) \
              --region \(region) tells whether it is offered there
              """),
        ] + fixes
    }
  }
}
