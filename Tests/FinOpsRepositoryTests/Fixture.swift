import Foundation

/// Reads fixture files that sit beside the tests, byte for byte.
enum Fixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func text(_ name: String) throws -> String {
    let data = try Data(contentsOf: folder.appendingPathComponent(name))
    return String(decoding: data, as: UTF8.self)
  }

  /// The repository root, for the shipped demo content.
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
}
