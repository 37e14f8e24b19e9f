import FinOpsCore
import Foundation

/// The price catalog file of a repository, `pricing/catalog.yml`: reading, checking and
/// writing it (the thin I/O wrappers around `PriceCatalogDecoder` and `PriceCatalogEncoder`).
public enum PriceCatalogFile {
  /// The catalog's repository-relative path.
  public static let path = "pricing/catalog.yml"

  /// Reads and decodes the repository's catalog. A repository without one yields no catalog and
  /// no diagnostics: approvals then need their estimate typed in.
  public static func load(_ repository: Repository, expectedCurrency: String? = nil)
    -> (catalog: PriceCatalog?, diagnostics: [Diagnostic])
  {
    guard FileManager.default.fileExists(atPath: repository.absolute(path)) else {
      return (nil, [])
    }
    switch repository.read(path) {
    case .success(let text):
      return PriceCatalogDecoder.decode(path: path, text: text, expectedCurrency: expectedCurrency)
    case .failure(let diagnostic):
      return (nil, [diagnostic])
    }
  }

  /// Every problem `finops check` reports for the catalog: what decoding finds, a currency other
  /// than finops.yml's, and (as warnings at `prices`) each model in `standards.models` that has no
  /// price in any of `standards.regions`, so the FinOps Lead could not price an approval of it.
  public static func check(_ repository: Repository, configuration: Configuration?)
    -> [Diagnostic]
  {
    let (catalog, diagnostics) = load(repository, expectedCurrency: configuration?.currency)
    guard let catalog, let configuration else { return diagnostics }
    let standards = configuration.standards
    let unpriced = catalog.unpriced(models: standards.models, in: standards.regions)
    guard !unpriced.isEmpty, case .success(let text) = repository.read(path) else {
      return diagnostics
    }
    let location = PriceCatalogFile.location(ofKey: "prices", in: text)
    return diagnostics
      + unpriced.map { model in
        .warning(
          location, rule: "pricing.unpriced-model",
          "model '\(model)' is in standards.models but has no price in "
            + standards.regions.joined(separator: ", "),
          notes: ["add an entry under prices, or import it from an AWS Price List offer file"])
      }
  }

  /// Writes the catalog canonically and atomically.
  public static func save(_ catalog: PriceCatalog, in repository: Repository) throws {
    let url = URL(fileURLWithPath: repository.absolute(path))
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try AtomicFile.write(PriceCatalogEncoder.yaml(catalog), to: url.path)
  }

  /// Where a top-level `key:` starts, or the file's start.
  static func location(ofKey key: String, in text: String) -> SourceLocation {
    var number = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      if line.hasPrefix(key + ":") { return SourceLocation(path: path, line: number, column: 1) }
    }
    return SourceLocation(path: path, line: 1, column: 1)
  }
}
