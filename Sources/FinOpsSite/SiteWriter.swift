import Foundation

/// Writes a built site so that readers see the old site or the new one, never half of either:
/// everything goes to a temporary folder beside the output, which is then swapped in.
public enum SiteWriter {
  /// Writes `files` (relative path → content) as the folder `output`.
  public static func write(_ files: [String: String], to output: String) throws {
    let manager = FileManager.default
    let target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let pid = ProcessInfo.processInfo.processIdentifier
    let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
    let previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
    try? manager.removeItem(at: staging)
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
      for (path, content) in files {
        let url = staging.appendingPathComponent(path)
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
      }
      if manager.fileExists(atPath: target.path) {
        try manager.moveItem(at: target, to: previous)
      }
      try manager.moveItem(at: staging, to: target)
      try? manager.removeItem(at: previous)
    } catch {
      try? manager.removeItem(at: staging)
      if !manager.fileExists(atPath: target.path), manager.fileExists(atPath: previous.path) {
        try? manager.moveItem(at: previous, to: target)
      }
      throw error
    }
  }
}
