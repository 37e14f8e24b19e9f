/// A coding key spelt inline, so each `encode(to:)` lists its keys where it writes them.
struct JSONKey: CodingKey, ExpressibleByStringLiteral {
  /// The key.
  var stringValue: String
  /// Never an integer key.
  var intValue: Int? { nil }

  /// Creates a key.
  init(stringValue: String) { self.stringValue = stringValue }
  /// Integer keys are not used.
  init?(intValue: Int) { nil }
  /// Creates a key from a literal.
  init(stringLiteral value: String) { stringValue = value }
}
