/// A file one of a task step's commands reads, such as `trust-policy.json`, with its content.
public struct TaskFile: Sendable, Hashable {
  /// The file name the commands use (`file://NAME`), relative to where they run.
  public var name: String
  /// The exact content to save, ending with a newline.
  public var content: String

  /// Creates a file.
  public init(name: String, content: String) {
    self.name = name
    self.content = content
  }
}
