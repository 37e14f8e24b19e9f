import Synchronization

/// Tells which model a cost row was for, from its meter or resource, and whether that is the
/// approved model.
///
/// A model ID such as `us.anthropic.claude-sonnet-4-5-20250929-v1:0` is reduced to its name
/// (`claude-sonnet-4-5-20250929`: no geography or provider prefix, no `-vN:N` version suffix),
/// then to its words (`claude`, `sonnet`) and its numbers in order (`4`, `5`), dropping numbers
/// of six or more digits (release dates). A Bedrock token meter such as
/// `USE1-Claude4.5Sonnet-input-tokens` is reduced the same way after dropping its Region code
/// prefix (`USE1`) and everything from the token-type words on (`input`, `output`, `cache`,
/// `mantle`, `batch`, `tokens`, …): `Claude4.5Sonnet` → `claude`, `sonnet`; `4`, `5`.
/// The row's model is the approved one when the meter's words are all among the model's words
/// and the numbers are equal. A resource ARN naming a foundation model or a system inference
/// profile (`…:foundation-model/ID`, `…:inference-profile/ID`) is compared the same way.
/// Meters that are not token meters (AgentCore runtime compute, say) and resources that name no
/// model tell nothing, and are never a mismatch.
public enum ModelMatcher {
  /// A model's words and numbers.
  public struct Key: Sendable, Hashable {
    /// Lowercased words, such as `claude`, `sonnet`.
    public var words: Set<String>
    /// Numbers in order, such as `4`, `5`.
    public var numbers: [String]

    /// Creates a key.
    public init(words: Set<String>, numbers: [String]) {
      self.words = words
      self.numbers = numbers
    }

    /// Whether `observed` (from a meter, possibly with fewer words) names this model.
    public func isNamed(by observed: Key) -> Bool {
      !observed.words.isEmpty && observed.words.isSubset(of: words) && observed.numbers == numbers
    }
  }

  /// What a row says about its model: a label for people and a key to compare.
  public struct Observation: Sendable, Hashable {
    /// The model as the meter or resource names it, such as `Claude4.5Sonnet`.
    public var label: String
    /// Its words and numbers.
    public var key: Key
  }

  /// The key of an approved model ID.
  public static func key(modelID: String) -> Key {
    var name = Substring(modelID)
    if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
    if let dot = name.lastIndex(of: ".") { name = name[name.index(after: dot)...] }
    if let range = name.range(of: "-v", options: .backwards),
      name[range.upperBound...].allSatisfy(\.isNumber), range.upperBound < name.endIndex
    {
      name = name[..<range.lowerBound]
    }
    return tokens(name)
  }

  /// The model a meter names, when it is a token meter.
  public static func observation(meter: String) -> Observation? {
    var segments = meter.split(separator: "-")
    let lowered = meter.lowercased()
    guard lowered.contains("token") else { return nil }
    if let first = segments.first, isRegionCode(first) { segments.removeFirst() }
    var model: [Substring] = []
    for segment in segments {
      if stopWords.contains(segment.lowercased()) { break }
      model.append(segment)
    }
    guard !model.isEmpty else { return nil }
    let label = model.joined(separator: "-")
    let key = tokens(Substring(label))
    guard !key.words.isEmpty else { return nil }
    return Observation(label: label, key: key)
  }

  /// The model a resource ARN names, when it names a foundation model or system inference
  /// profile.
  public static func observation(resource: String) -> Observation? {
    for marker in ["foundation-model/", "inference-profile/"] {
      guard let range = resource.range(of: marker) else { continue }
      let id = String(resource[range.upperBound...])
      // Application inference profiles have generated ids with no model in them.
      guard id.contains(".") else { return nil }
      let key = key(modelID: id)
      guard !key.words.isEmpty else { return nil }
      return Observation(label: id, key: key)
    }
    return nil
  }

  /// A meter's model as people name it, its words before its version, a revision last:
  /// `Claude4.5Sonnet` → `Claude Sonnet 4.5`, `Claude3.5SonnetV2` → `Claude Sonnet 3.5 v2`,
  /// `NovaPro` → `Nova Pro`. Any other label (a model ID from a resource, a meter name with
  /// hyphens or other characters) is shown as it is.
  public static func displayName(_ label: String) -> String {
    // A few models name thousands of weeks' spend: each is named once.
    if let known = displayNames.withLock({ $0[label] }) { return known }
    let name = makeDisplayName(label)
    displayNames.withLock { names in
      if names.count >= 4096 { names.removeAll(keepingCapacity: true) }
      names[label] = name
    }
    return name
  }

  /// The display names made so far.
  private static let displayNames = Mutex<[String: String]>([:])

  private static func makeDisplayName(_ label: String) -> String {
    guard let first = label.first, first.isUppercase,
      label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") })
    else { return label }
    // Runs of letters (a capital starts a new one) and of digits and dots, in order.
    var runs: [(text: String, isNumber: Bool)] = []
    for character in label {
      let isNumberPart = character.isNumber || (character == "." && runs.last?.isNumber == true)
      if let last = runs.last, last.isNumber == isNumberPart, isNumberPart || !character.isUppercase {
        runs[runs.count - 1].text.append(character)
      } else {
        runs.append((String(character), isNumberPart))
      }
    }
    var words: [String] = []
    var version: [String] = []
    var revisions: [String] = []
    var index = 0
    while index < runs.count {
      let run = runs[index]
      // A dot that ended a number ("4." before a word) is not part of the version.
      let number = String(run.text.drop { $0 == "." }.reversed().drop { $0 == "." }.reversed())
      if run.isNumber {
        if !number.isEmpty { version.append(number) }
      } else if run.text == "V", index + 1 < runs.count, runs[index + 1].isNumber {
        revisions.append("v" + runs[index + 1].text)
        index += 1
      } else {
        words.append(run.text)
      }
      index += 1
    }
    guard !words.isEmpty else { return label }
    return (words + version + revisions).joined(separator: " ")
  }

  /// Words (split at case changes, digits and punctuation) and numbers of a name.
  static func tokens(_ name: Substring) -> Key {
    var words: Set<String> = []
    var numbers: [String] = []
    var current = ""
    var currentIsDigits = false
    func flush() {
      guard !current.isEmpty else { return }
      if currentIsDigits {
        let trimmed = current.drop { $0 == "0" }
        if current.count < 6 { numbers.append(trimmed.isEmpty ? "0" : String(trimmed)) }
      } else {
        words.insert(current.lowercased())
      }
      current = ""
    }
    var previousLower = false
    for character in name {
      if character.isNumber && character.isASCII {
        if !currentIsDigits { flush() }
        currentIsDigits = true
        current.append(character)
        previousLower = false
      } else if character.isLetter {
        if currentIsDigits || (character.isUppercase && previousLower) { flush() }
        currentIsDigits = false
        current.append(character)
        previousLower = character.isLowercase
      } else {
        flush()
        previousLower = false
      }
    }
    flush()
    return Key(words: words, numbers: numbers)
  }

  private static func isRegionCode(_ segment: Substring) -> Bool {
    segment.count >= 3 && segment.count <= 6 && segment.contains(where: \.isNumber)
      && segment.allSatisfy { ($0.isUppercase && $0.isLetter) || $0.isNumber }
  }

  private static let stopWords: Set<String> = [
    "input", "output", "cache", "mantle", "batch", "tokens", "token", "count", "read", "write",
    "priority", "flex", "global", "cross", "region", "latency", "optimized", "provisioned",
  ]
}
