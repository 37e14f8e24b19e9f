import FinOpsCore
import Foundation
import Testing

@testable import FinOpsSite

@Suite("The workload export")
struct JSONExportTests {
  @Test("written workload by workload, it is exactly the whole export encoded at once", arguments: [true, false])
  func pieceByPiece(withWorkloads: Bool) throws {
    var input = SiteFixture.input
    if !withWorkloads { input.workloads = [] }
    let builder = try SiteBuilder(input)
    let export = JSONExport(builder: builder)
    let whole = JSONExport.Export(
      generatedAt: input.now.description, currency: input.configuration.currency,
      workloads: Array(export.records()))
    #expect(try export.workloads() == (try PrettyJSONEncoder().encode(whole)) + Array("\n".utf8))
    let foundation = JSONEncoder()
    foundation.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    #expect(try export.workloads() == Array(try foundation.encode(whole)) + Array("\n".utf8))
  }
}
