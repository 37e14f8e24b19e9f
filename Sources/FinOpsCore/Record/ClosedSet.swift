/// A closed set of values spelt as strings in files: an unknown spelling is a diagnostic, never a
/// default.
public protocol ClosedSet: RawRepresentable, CaseIterable, Sendable, Hashable
where RawValue == String {
  /// What one value is called in messages, such as `status`.
  static var noun: String { get }
}

extension ClosedSet {
  /// Every spelling, in declaration order.
  public static var spellings: [String] { allCases.map(\.rawValue) }

  /// `'a', 'b' or 'c'`.
  public static var choices: String {
    let quoted = spellings.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.joined() }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
  }
}

/// A closed set's spellings by length: `init(rawValue:)` of the record's enums looks a value up
/// here rather than through the string switch the compiler writes, which compares the text with
/// each spelling in turn through the runtime (some six hundred instructions a value, and a
/// history entry reads three).
public struct SpellingTable<Value: ClosedSet>: Sendable {
  /// The spellings and values of each length, at that index.
  private let byLength: [[(spelling: String, value: Value)]]

  /// The table of every case of `Value`.
  public init() {
    var byLength: [[(spelling: String, value: Value)]] = []
    for value in Value.allCases {
      let count = value.rawValue.utf8.count
      while byLength.count <= count { byLength.append([]) }
      byLength[count].append((value.rawValue, value))
    }
    self.byLength = byLength
  }

  /// The value spelled `text`; nil for any other text.
  public func value(_ text: String) -> Value? {
    let count = text.utf8.count
    guard count < byLength.count else { return nil }
    for entry in byLength[count] where entry.spelling == text { return entry.value }
    return nil
  }
}
