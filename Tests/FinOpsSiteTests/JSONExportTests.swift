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

@Suite("Organisation pages")
struct OrganisationIndexTests {
  @Test("every unit lists its components in reference order, whatever the file order")
  func referenceOrder() throws {
    var input = SiteFixture.input
    // Components out of id order in their file, and a slug that sorts after its prefix's
    // references ("claims-assistant-b/…" before "claims-assistant/…").
    var workload = try #require(input.workloads.first { $0.workload.components.count > 1 } ?? input.workloads.first)
    workload.workload.components.reverse()
    var twin = workload
    twin.workload.slug += "-b"
    twin.path = twin.path.replacingOccurrences(of: ".md", with: "-b.md")
    input.workloads = input.workloads.filter { $0.workload.slug != workload.workload.slug } + [workload, twin]
    let builder = try SiteBuilder(input)
    for (unit, facts) in builder.factsByUnit {
      let references = facts.map(\.reference)
      #expect(references == references.sorted(), "\(unit)")
    }
  }
}
