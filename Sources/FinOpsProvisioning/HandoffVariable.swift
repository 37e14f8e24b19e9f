/// One value of the Developer Handoff with the environment variable it goes in.
public struct HandoffVariable: Sendable, Hashable {
  /// The environment variable, such as `AWS_ROLE_ARN`.
  public var name: String
  /// What the value is, for a label: "IAM role ARN", "Model ID".
  public var title: String
  /// The value.
  public var value: String

  /// Creates a variable.
  public init(name: String, title: String, value: String) {
    self.name = name
    self.title = title
    self.value = value
  }

  /// `NAME=value`.
  public var line: String { String(spliced: "\(name)=\(value)") }
}
