/// One condition of a policy statement: `"Operator": {"key": value}`.
public struct PolicyCondition: Sendable, Hashable {
  /// The condition operator, such as `StringEquals` or `ArnLike`.
  public var `operator`: String
  /// The condition key, such as `aws:SourceAccount`.
  public var key: String
  /// The values; one is written as a string, several as an array.
  public var values: [String]

  /// Creates a condition.
  public init(_ operator: String, _ key: String, _ values: String...) {
    self.operator = `operator`
    self.key = key
    self.values = values
  }
}
