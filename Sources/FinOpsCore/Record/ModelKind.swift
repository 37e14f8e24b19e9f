/// The kind of model ID an approval names, which decides the platforms that can call it: a
/// Bedrock ID on Claude Platform on AWS, or a Claude API name on Bedrock, makes no task.
public enum ModelKind: String, Sendable, Hashable {
  /// A Bedrock foundation-model or inference-profile ID, `provider.model…` such as
  /// `anthropic.claude-sonnet-4-5-20250929-v1:0` (aws-facts §1.2): called through Bedrock, AWS
  /// Marketplace models and AgentCore.
  case bedrock
  /// A Claude API model name such as `claude-sonnet-4-5`: called through Claude Platform on AWS.
  case claudeAPI = "Claude API"

  /// The kind of `modelID`, or nil when it is neither.
  public init?(modelID: String) {
    if Self.isBedrockModelID(modelID) {
      self = .bedrock
    } else if Self.isClaudeAPIModel(modelID) {
      self = .claudeAPI
    } else {
      return nil
    }
  }

  /// An example of the kind, for messages.
  public var example: String {
    switch self {
    case .bedrock: "anthropic.claude-sonnet-4-5-20250929-v1:0"
    case .claudeAPI: "claude-sonnet-4-5"
    }
  }

  /// `provider.model…` in the characters Bedrock model IDs use (aws-facts §1.2: lowercase
  /// letters, digits, `-`, `.`, `:` and one optional `/`), 3 to 256 of them, with a dot neither
  /// first nor last. One pass over the bytes: every page with a task parses its model ID, and
  /// the checks as separate `contains`, `filter` and `allSatisfy` calls cost more than the rest
  /// of the page's provisioning context.
  public static func isBedrockModelID(_ text: String) -> Bool {
    let utf8 = text.utf8
    guard (3...256).contains(utf8.count), utf8.first != UInt8(ascii: "."),
      utf8.last != UInt8(ascii: ".")
    else { return false }
    var dots = 0
    var slashes = 0
    for byte in utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: ":"):
        continue
      case UInt8(ascii: "."): dots += 1
      case UInt8(ascii: "/"): slashes += 1
      default: return false
      }
    }
    return dots > 0 && slashes <= 1
  }

  /// `claude…` in letters, digits, `-`, `_` and `:`, at most 128 of them: the Claude API's model
  /// names and aliases, which have no dot (a dot makes a Bedrock ID of it).
  public static func isClaudeAPIModel(_ text: String) -> Bool {
    text.utf8.count <= 128 && text.hasPrefix("claude")
      && text.utf8.allSatisfy { byte in
        (97...122).contains(byte) || (65...90).contains(byte) || (48...57).contains(byte)
          || "-_:".utf8.contains(byte)
      }
  }
}

extension Platform {
  /// The kind of model ID the platform calls.
  public var modelKind: ModelKind { self == .claudePlatform ? .claudeAPI : .bedrock }
}

/// An approval's model that its platform does not call (a Claude API name on Bedrock, a Bedrock
/// ID on Claude Platform on AWS): `check`'s `standards.model-platform` and `approve`'s refusal.
public struct ModelPlatformProblem: Sendable, Hashable {
  /// The rule id both report it under.
  public static let rule = "standards.model-platform"

  /// What is wrong, naming the model and the platform.
  public var message: String
  /// The models of finops.yml the platform calls, when there are any.
  public var notes: [String]

  /// The problem with `platform` calling `model`, or nil when it calls that kind of model.
  public init?(model: String, platform: Platform, standards: Standards) {
    let expected = platform.modelKind
    let kind = ModelKind(modelID: model)
    guard kind != expected else { return nil }
    let what =
      switch kind {
      case .bedrock?: "a Bedrock model ID"
      case .claudeAPI?: "a Claude API model name"
      case nil: "neither a Bedrock model ID nor a Claude API model name"
      }
    let takes =
      switch expected {
      case .bedrock: "Bedrock model or inference-profile IDs such as \(expected.example)"
      case .claudeAPI: "Claude API model names such as \(expected.example)"
      }
    message = String(
      spliced: """
        model '\(model)' is \(what), and platform '\(platform.rawValue)' calls \(takes): the \
        approval would make no Cloud Engineer task
        """)
    let fitting = standards.models.filter { ModelKind(modelID: $0) == expected }
    notes =
      fitting.isEmpty
      ? [] : ["models in finops.yml for \(platform.rawValue): " + fitting.joined(separator: ", ")]
  }
}
