import FinOpsCore

/// One of the Cloud Engineer task's four steps: what to do, the commands that do it, the files
/// those commands read and the pages to open.
public struct TaskStep: Sendable, Hashable {
  /// `model-access`, `iam-role`, `permission-policy` or `implement`.
  public var key: String
  /// The step's heading, such as "Create the IAM role".
  public var title: String
  /// What the step achieves and how to tell it worked, in one or two sentences.
  public var summary: String
  /// Copy-ready shell commands, in order; each is complete, possibly over `\`-continued lines.
  public var commands: [String]
  /// The files the commands read, to save next to where they run.
  public var files: [TaskFile]
  /// Console pages and documentation for the step.
  public var links: [TaskLink]

  /// Creates a step.
  public init(
    key: String, title: String, summary: String, commands: [String], files: [TaskFile] = [],
    links: [TaskLink] = []
  ) {
    self.key = key
    self.title = title
    self.summary = summary
    self.commands = commands
    self.files = files
    self.links = links
  }

  /// The recorded implementation step this is, or nil for `implement`, which is a transition.
  public var implementationStep: ImplementationStep? { ImplementationStep(rawValue: key) }
}
