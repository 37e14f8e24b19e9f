import FinOpsCore
import Foundation

/// A failed git command: what was run and what git said.
public struct GitError: Error, Sendable, CustomStringConvertible {
  /// The arguments after `git`.
  public var arguments: [String]
  /// git's exit status.
  public var status: Int32
  /// git's standard error, trimmed.
  public var message: String

  /// `git ARGS failed (STATUS): MESSAGE`.
  public var description: String {
    "git \(arguments.joined(separator: " ")) failed (\(status)): \(message)"
  }
}

/// The git repository a governance repository lives in; every call is one `git` process.
public struct Git: Sendable {
  /// The working tree root.
  public var root: String
  /// The environment git runs with (author identity and dates come from here).
  public var environment: [String: String]

  /// Creates a handle; `environment` is passed to every git process.
  public init(root: String, environment: [String: String]) {
    self.root = root
    self.environment = environment
  }

  /// Runs git with `arguments` in the root and returns its standard output.
  @discardableResult
  public func run(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:])
    throws -> Data
  {
    try Self.checked(
      arguments,
      Subprocess.run(
        "git", ["-C", root] + arguments, environment: environment.merging(extra) { $1 }, input: input))
  }

  /// The standard output of a finished git run, or the error its standard error reported.
  static func checked(_ arguments: [String], _ result: Subprocess.Output) throws -> Data {
    guard result.status == 0 else {
      throw GitError(
        arguments: arguments, status: result.status,
        message: String(decoding: result.standardError, as: UTF8.self)
          .trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return result.standardOutput
  }

  /// Standard output as text, without the trailing newline.
  public func text(_ arguments: [String]) throws -> String {
    String(decoding: try run(arguments), as: UTF8.self).trimmingCharacters(in: .newlines)
  }

  /// Whether the root is inside a git work tree.
  public var isRepository: Bool {
    (try? text(["rev-parse", "--is-inside-work-tree"])) == "true"
  }

  /// The acting person's email: `GIT_AUTHOR_EMAIL`, else `git config user.email`.
  public func authorEmail() -> String? {
    if let email = environment["GIT_AUTHOR_EMAIL"], !email.isEmpty { return email }
    let configured = try? text(["config", "user.email"])
    return configured?.isEmpty == false ? configured : nil
  }

  /// Whether a path has uncommitted changes (staged, unstaged, or untracked).
  public func hasChanges(_ path: String) throws -> Bool {
    try changesCheck(path).hasChanges()
  }

  /// Starts the check `hasChanges` makes, so that it runs while the caller does other work
  /// (`submit` reads every workload file for the ids in use meanwhile); ask the result later.
  public func changesCheck(_ path: String) throws -> PendingChanges {
    let arguments = ["status", "--porcelain", "--untracked-files=all", "--", path]
    let child = try Subprocess.Child("git", ["-C", root] + arguments, environment: environment)
    child.closeInput()
    return PendingChanges(path: path, arguments: arguments, child: child)
  }

  /// Commits only `path`, authored by `author`, with `message`; a `new` file is staged first
  /// (`git commit -- path` takes a tracked file's working copy itself, one git process fewer).
  public func commit(path: String, new: Bool = true, message: String, author: Person, date: Timestamp?) throws {
    var dates: [String: String] = [:]
    if let date {
      dates["GIT_AUTHOR_DATE"] = date.description
      dates["GIT_COMMITTER_DATE"] = date.description
    }
    if new { try run(["add", "--", path]) }
    try run(
      ["commit", "--quiet", "--no-verify", "--author", "\(author.name) <\(author.email)>", "--file", "-",
       "--", path],
      input: Data(message.utf8), environment: dates)
  }

  /// Unstages `path` (after a failed commit), leaving the index as it was at HEAD.
  public func unstage(_ path: String) {
    _ = try? run(["reset", "--quiet", "--", path])
  }
}

/// A `git status` of one path, running; `hasChanges()` waits for its answer.
public final class PendingChanges: @unchecked Sendable {
  /// The path it checks.
  public let path: String
  private let arguments: [String]
  private let child: Subprocess.Child
  private var answered = false

  init(path: String, arguments: [String], child: Subprocess.Child) {
    self.path = path
    self.arguments = arguments
    self.child = child
  }

  /// Whether the path has uncommitted changes (staged, unstaged, or untracked); throws what git
  /// reported when it failed (outside a work tree, say).
  public func hasChanges() throws -> Bool {
    let output = child.readToEnd()
    let (status, errors) = child.wait()
    answered = true
    return !(try Git.checked(arguments, .init(status: status, standardOutput: output, standardError: errors)))
      .isEmpty
  }

  deinit {
    // Reap a check nobody asked about (the command failed before it needed the answer).
    if !answered { _ = try? hasChanges() }
  }
}
