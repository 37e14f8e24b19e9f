import Foundation

/// A temporary git repository for transcript tests: a governance repository with a small roster,
/// committed by a maintainer, and helpers to run git in it.
public struct GitRepositoryFixture: Sendable {
  /// The folder.
  public let directory: TemporaryDirectory

  /// The folder's path.
  public var path: String { directory.path }

  /// Creates the repository with `files` (path → content) committed as the initial commit.
  public init(files: [String: String]) throws {
    directory = try TemporaryDirectory()
    for (relative, content) in files { try directory.write(relative, content) }
    try git(["init", "--quiet", "--initial-branch=main"])
    try git(["add", "-A"])
    try git(
      ["commit", "--quiet", "-m", "Initial governance repository"], as: "maintainer@example.com",
      now: "2026-09-01T00:00:00Z")
  }

  /// The environment a command acting as `email` runs with, the clock pinned at `now`.
  public func environment(as email: String, now: String? = nil) -> [String: String] {
    var environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": path,
      "GIT_CONFIG_NOSYSTEM": "1",
      "GIT_AUTHOR_NAME": email,
      "GIT_AUTHOR_EMAIL": email,
      "GIT_COMMITTER_NAME": email,
      "GIT_COMMITTER_EMAIL": email,
    ]
    if let now {
      environment["FINOPS_NOW"] = now
      environment["GIT_AUTHOR_DATE"] = now
      environment["GIT_COMMITTER_DATE"] = now
    }
    return environment
  }

  /// Runs git in the repository and returns its output.
  @discardableResult
  public func git(_ arguments: [String], as email: String = "maintainer@example.com", now: String? = nil)
    throws -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: path)
    process.environment = environment(as: email, now: now)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw FixtureError(message: "git \(arguments.joined(separator: " ")): \(output)")
    }
    return output
  }

  /// Removes the repository.
  public func remove() { directory.remove() }
}

/// A fixture set-up failure.
public struct FixtureError: Error, CustomStringConvertible {
  /// What failed.
  public var message: String
  /// The message.
  public var description: String { message }
}
