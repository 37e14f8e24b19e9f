import FinOpsCore
import FinOpsSpend
import Foundation
import Testing

@Suite("The demo's spend/ folder")
struct DemoSpendTests {
  /// The repository root, two folders above this target's folder.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  @Test("every demo export reads without a diagnostic, FOCUS, gzip and CUR 2.0 alike")
  func readsClean() {
    let files = SpendExportReader.exportFiles(root: Self.root)
    #expect(files.contains { $0.hasSuffix(".csv.gz") })
    var flavors: Set<ExportFlavor> = []
    var attribution = Attribution(workloads: [], configuration: Samples.configuration)
    for path in files {
      var diagnostics: [Diagnostic] = []
      let summary = SpendExportReader.read(
        root: Self.root, path: path, record: { attribution.add($0) },
        diagnostic: { diagnostics.append($0) })
      #expect(diagnostics.isEmpty, "\(path): \(diagnostics)")
      #expect(summary.records > 0)
      if let flavor = summary.flavor { flavors.insert(flavor) }
    }
    #expect(flavors == [.focus, .cur2])
    let ledger = attribution.ledger()
    #expect(ledger.balances)
    #expect(!ledger.restatements.isEmpty)
  }

  @Test("export fields know their slot without hashing")
  func slots() {
    #expect(ExportField.allCases.enumerated().allSatisfy { $0.offset == $0.element.slot })
  }
}
