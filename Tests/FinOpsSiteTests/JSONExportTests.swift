import FinOpsCore
import FinOpsSpend
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

/// A file written in parts as a site writes one, gathered in memory: its bytes (ranges copied
/// from `previous`'s bytes, as a site copies them from its file), the parts noted, and how many
/// ranges were copied.
func writtenInParts(
  previous: PreviousFile?,
  _ write: (
    _ sink: (inout [UInt8]) throws -> Void, _ copy: ((Range<Int>) throws -> Void)?, _ noting: @escaping (FilePart) -> Void
  ) throws -> Void
) throws -> (bytes: [UInt8], parts: [FilePart], copies: Int) {
  var parts: [FilePart] = []
  var bytes: [UInt8] = []
  var copies = 0
  try withoutActuallyEscaping({ (part: FilePart) in parts.append(part) }) { noting in
    try write(
      { piece in
        bytes += piece
        piece.removeAll()
      },
      previous.map { previous in
        { range in
          bytes += previous.bytes[range]
          copies += 1
        }
      }, noting)
  }
  return (bytes, parts, copies)
}

@Suite("The workload export, record by record from the last build")
struct JSONExportReuseTests {
  /// The fixture with an identity and each workload's text and record fingerprinted, as a
  /// cached build has.
  static func input(_ change: (inout [SiteWorkload]) -> Void = { _ in }) -> SiteInput {
    var input = SiteFixture.input
    input.identity = "build"
    input.workloads = input.workloads.map { item in
      var item = item
      item.digest = ContentHash(item.path + item.workload.title)
      item.recordDigest = ContentHash(item.path + item.workload.title + " record")
      return item
    }
    change(&input.workloads)
    return input
  }

  /// The export and its parts, given the previous export (its records copied from its bytes,
  /// as a site copies them from its file).
  static func export(_ input: SiteInput, previous: PreviousFile?) throws -> (bytes: [UInt8], parts: [FilePart]) {
    let builder = try SiteBuilder(input)
    let (bytes, parts, copies) = try writtenInParts(previous: previous) { sink, copy, noting in
      try JSONExport(builder: builder).workloads(sink, previous: previous, copy: copy, noting: noting)
    }
    // Neighbours copied as one range: fewer copies than records copied.
    if previous != nil { #expect(copies < parts.count) }
    return (bytes, parts)
  }

  @Test("a record whose key is unchanged is copied from the last export, the others are written again")
  func copied() throws {
    let first = try Self.export(Self.input(), previous: nil)
    #expect(first.bytes == (try JSONExport(builder: try SiteBuilder(Self.input())).workloads()))
    // The time first, then each record.
    #expect(first.parts.count == SiteFixture.input.workloads.count + 1)
    let time = try #require(first.parts.first)
    #expect(time.key == FilePart.time && String(decoding: first.bytes[time.range], as: UTF8.self) == SiteFixture.input.now.description)
    for part in first.parts.dropFirst() {
      let record = String(decoding: first.bytes[part.range], as: UTF8.self)
      #expect(record.hasPrefix("{") && record.hasSuffix("}"), "\(record)")
    }
    // Marked in the last export: a record copied keeps the mark, one written again does not.
    let marked = Array(String(decoding: first.bytes, as: UTF8.self).replacingOccurrences(of: "Claims Assistant", with: "Claims Assistanx").replacingOccurrences(of: "Policy Helper", with: "Policy Helpex").utf8)
    let previous = try #require(PreviousFile(bytes: marked, parts: first.parts))
    let changed = Self.input { workloads in
      let index = workloads.firstIndex { $0.workload.title == "Policy Helper" }!
      workloads[index].recordDigest = ContentHash("edited")
      // A description edited: the export shows none, so its record is copied.
      let other = workloads.firstIndex { $0.workload.title == "Claims Assistant" }!
      workloads[other].digest = ContentHash("description edited")
    }
    let second = try Self.export(changed, previous: previous)
    let text = String(decoding: second.bytes, as: UTF8.self)
    #expect(text.contains("Claims Assistanx"))
    #expect(!text.contains("Policy Helpex") && text.contains("Policy Helper"))
    #expect(second.parts.count == first.parts.count)
    #expect(PreviousFile(bytes: marked, parts: [FilePart(key: "x", range: 0..<marked.count + 1)]) == nil)
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

@Suite("The spend export, component by component from the last build")
struct SpendExportReuseTests {
  /// The fixture as a cached build has it: an identity and the spend report's key.
  static func input(title: String? = nil) -> SiteInput {
    var input = SiteFixture.input
    input.identity = "build"
    input.spendKey = "report"
    if let title {
      let index = input.workloads.firstIndex { $0.workload.slug == "claims-assistant" }!
      input.workloads[index].workload.title = title
      input.spend = input.spend?.retitled(["claims-assistant": title])
    }
    return input
  }

  /// The export, its parts and how many ranges were copied, given the previous export.
  static func export(_ input: SiteInput, previous: PreviousFile?) throws -> (bytes: [UInt8], parts: [FilePart], copies: Int) {
    let builder = try SiteBuilder(input)
    return try writtenInParts(previous: previous) { sink, copy, noting in
      try builder.spendExport(sink, previous: previous, copy: copy, noting: noting)
    }
  }

  @Test("a component's cards whose title is unchanged, and the rest of the report, are copied from the last export")
  func copied() throws {
    let report = try #require(Self.input().spend)
    let first = try Self.export(Self.input(), previous: nil)
    #expect(first.bytes == (try report.json()) + Array("\n".utf8))
    #expect(!report.cardComponents.isEmpty && first.parts.count == report.cardComponents.count + 1)
    // Marked in the last export: what is copied keeps the mark.
    let text = String(decoding: first.bytes, as: UTF8.self)
    #expect(text.contains("\"title\" : \"Claims Assistant\""))
    let marked = Array(text.replacingOccurrences(of: "\"title\" : \"Claims Assistant\"", with: "\"title\" : \"Claims Assistanx\"")
      .replacingOccurrences(of: "\"through\" : \"2026-11-26\"", with: "\"through\" : \"2026-11-2X\"").utf8)
    let previous = try #require(PreviousFile(bytes: marked, parts: first.parts))
    let same = try Self.export(Self.input(), previous: previous)
    #expect(same.bytes == marked && same.copies == 2 && same.parts == first.parts)
    // The workload renamed: its cards are written again with the new title, the others and the
    // rest copied (the rest's mark kept), the export otherwise the one made from nothing.
    let renamed = try Self.export(Self.input(title: "Claims Assistant Two"), previous: previous)
    let fresh = try Self.export(Self.input(title: "Claims Assistant Two"), previous: nil)
    let expected = String(decoding: fresh.bytes, as: UTF8.self).replacingOccurrences(of: "\"through\" : \"2026-11-26\"", with: "\"through\" : \"2026-11-2X\"")
    #expect(expected.contains("2026-11-2X"))
    #expect(String(decoding: renamed.bytes, as: UTF8.self) == expected)
    #expect(!expected.contains("Claims Assistanx") && expected.contains("Claims Assistant Two"))
    #expect(renamed.parts.map(\.range) == fresh.parts.map(\.range))
  }
}

@Suite("A file gathered from pieces")
struct GatheredPiecesTests {
  @Test("a writer drained into an output's gathering sink hands each byte once")
  func drainedOnce() throws {
    let files = SiteFiles()
    try files.write("x.json", streaming: { sink in
      var writer = PrettyJSONWriter()
      writer.beginArray()
      for number in 0..<3 {
        writer.element()
        writer.int(number)
        try writer.drain(sink)
      }
      writer.endArray()
      var rest = writer.finish()
      try sink(&rest)
    })
    #expect(files.files["x.json"] == "[\n  0,\n  1,\n  2\n]")
  }
}

@Suite("Spend before the first card")
struct LeadInPageTests {
  /// The fixture built the Saturday after the live component's claim: spend, but no card yet.
  static func input(spendKey: String) -> SiteInput {
    var input = SiteFixture.input
    input.identity = "build"
    input.spendKey = spendKey
    for index in input.workloads.indices {
      input.workloads[index].digest = ContentHash(input.workloads[index].path)
    }
    let workloads = input.workloads.map(\.workload)
    input.spend = SiteFixture.spend(for: workloads, through: Day(parsing: "2026-10-10")!)
    return input
  }

  @Test("a page with a lead-in and no card shows it, and is keyed by the spend it shows")
  func leadInOnly() throws {
    let builder = try SiteBuilder(Self.input(spendKey: "a"))
    let report = try #require(builder.input.spend)
    let k7q2 = ComponentReference(workload: "claims-assistant", component: "k7q2")
    #expect(!report.hasCards(of: k7q2))
    let page = try #require(try builder.build()["workloads/claims-assistant.html"])
    #expect(
      page.contains(
        "Before the first card: <strong>$37.50</strong> attributed from the claim to 2026-10-10."))
    #expect(!page.contains("<th scope=\"col\">Week</th>"))
    // A page kept from the last build by its key must change when the spend it shows does.
    let index = try #require(
      builder.sortedDocuments.firstIndex { $0.workload.slug == "claims-assistant" })
    let other = try SiteBuilder(Self.input(spendKey: "b"))
    #expect(builder.workloadPageKey(at: index) != nil)
    #expect(builder.workloadPageKey(at: index) != other.workloadPageKey(at: index))
  }
}

@Suite("The review queue's approve command")
struct ApproveCommandTests {
  @Test(
    "it names the preferred platform for the request's kind, and a workspace for Claude Platform")
  func preferredPlatform() throws {
    var input = SiteFixture.input
    let builder = try SiteBuilder(input)
    let fact = try #require(builder.facts.first { $0.component.status == .submitted })
    #expect(builder.approveCommand(fact).contains("--platform bedrock --model MODEL_ID"))
    #expect(!builder.approveCommand(fact).contains("--workspace"))
    input.configuration.standards.platforms = [.bedrock, .claudePlatform]
    input.configuration.standards.platformsByUseCase = [
      fact.component.request.useCase: [.claudePlatform, .bedrock]
    ]
    let preferring = try SiteBuilder(input)
    let command = preferring.approveCommand(fact)
    #expect(command.contains("--platform claude-platform --model MODEL_ID"))
    #expect(command.contains("--workspace WORKSPACE_ID"))
  }
}
