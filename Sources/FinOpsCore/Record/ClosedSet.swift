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
