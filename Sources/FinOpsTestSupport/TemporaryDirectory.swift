import Foundation

/// A fresh folder under the system's temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
  /// Its absolute path.
  public let path: String

  /// Creates a new empty folder.
  public init() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "finops-test-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    path = url.path
  }

  /// Writes `text` to a path relative to the folder, creating parent folders.
  public func write(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Reads a file relative to the folder.
  public func read(_ relative: String) throws -> String {
    try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
  }

  /// Copies a folder's contents into this one.
  public func copy(from source: String) throws {
    for item in try FileManager.default.contentsOfDirectory(atPath: source) {
      try FileManager.default.copyItem(atPath: source + "/" + item, toPath: path + "/" + item)
    }
  }

  /// Deletes the folder and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
