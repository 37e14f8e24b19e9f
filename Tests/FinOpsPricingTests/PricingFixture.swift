import FinOpsCore
import Foundation
import Testing

/// Reads the fixtures beside these tests and the shipped pricing data, byte for byte.
enum PricingFixture {
  /// This target's `Fixtures/` folder.
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  /// The repository root, for the shipped `pricing/` data and `finops.yml`.
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// A fixture's text.
  static func text(_ name: String) throws -> String {
    try read(folder.appendingPathComponent(name))
  }

  /// A shipped file's text, by repository-relative path.
  static func shipped(_ relative: String) throws -> String {
    try read(repositoryRoot.appendingPathComponent(relative))
  }

  private static func read(_ url: URL) throws -> String {
    String(decoding: try Data(contentsOf: url), as: UTF8.self)
  }
}

/// An exact amount from its decimal text, failing the test when the text is not one.
func money(
  _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> Money {
  try #require(Money(parsing: text), sourceLocation: sourceLocation)
}

extension Array where Element == Diagnostic {
  /// `line:col rule` of each diagnostic, sorted by position, for compact assertions.
  var positions: [String] {
    Diagnostic.sorted(self).map { "\($0.location.line):\($0.location.column) \($0.rule)" }
  }
}
