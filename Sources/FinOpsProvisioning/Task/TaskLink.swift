/// A link a task step points to: a console page or the AWS documentation it relies on.
public struct TaskLink: Sendable, Hashable {
  /// What the link opens, in a few words.
  public var title: String
  /// The absolute URL.
  public var url: String

  /// Creates a link.
  public init(title: String, url: String) {
    self.title = title
    self.url = url
  }
}
