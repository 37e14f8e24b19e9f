import FinOpsCore
import Foundation

/// A governance repository on disk: `finops.yml` and `workloads/*.md` under one root.
public struct Repository: Sendable {
  /// The absolute path of the root folder (the one holding `finops.yml`).
  public var root: String

  /// The configuration file's name.
  public static let configurationFile = "finops.yml"
  /// The folder of workload files.
  public static let workloadsFolder = "workloads"

  /// Opens the repository rooted at `root`.
  public init(root: String) { self.root = root }

  /// The nearest folder at or above `start` that holds `finops.yml`.
  public static func find(from start: String) -> Repository? {
    var url = URL(fileURLWithPath: start).standardizedFileURL
    while true {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent(configurationFile).path) {
        return Repository(root: url.path)
      }
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { return nil }
      url = parent
    }
  }

  /// The absolute path of a repository-relative path.
  public func absolute(_ relative: String) -> String {
    root.hasSuffix("/") ? root + relative : root + "/" + relative
  }

  /// Repository-relative paths of the workload files, sorted.
  public func workloadPaths() throws -> [String] {
    let folder = absolute(Repository.workloadsFolder)
    guard FileManager.default.fileExists(atPath: folder) else { return [] }
    return try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
      .sorted()
      .map { Repository.workloadsFolder + "/" + $0 }
  }

  /// Reads a repository-relative file as UTF-8 text; a diagnostic when it cannot.
  public func read(_ relative: String) -> Result<String, Diagnostic> {
    let location = SourceLocation(path: relative, line: 1, column: 1)
    guard let data = FileManager.default.contents(atPath: absolute(relative)) else {
      return .failure(.error(location, rule: "file.unreadable", "cannot read \(relative)"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(
        .error(location, rule: "file.encoding", "\(relative) is not valid UTF-8 text"))
    }
    return .success(text)
  }
}
