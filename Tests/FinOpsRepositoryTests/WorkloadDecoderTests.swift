import FinOpsCore
import FinOpsRepository
import Foundation
import Testing

@Suite("Decoding workload files")
struct WorkloadDecoderTests {
  func decode(_ name: String) throws -> WorkloadDecoder.Outcome {
    WorkloadDecoder.decode(path: "workloads/\(name)", text: try Fixture.text(name))
  }

  @Test("a valid file decodes to a record with its fields located")
  func valid() throws {
    let outcome = try decode("valid.md")
    #expect(outcome.diagnostics.isEmpty)
    let document = try #require(outcome.document)
    #expect(document.workload.slug == "valid")
    #expect(document.workload.components.first?.status == .live)
    #expect(document.workload.components.first?.approval?.account == "418295730164")
    let region = document.sourceMap.location("components[0].approval.region")
    #expect((region.line, region.column) == (23, 15))
  }

  @Test("files decoded through one string cache decode as they do alone")
  func sharedStrings() throws {
    let strings = StringCache()
    let names = [
      "valid.md", "crlf-bom.md", "bad-values.md", "unknown-field.md", "script-title.md", "tabs.md",
    ]
    for _ in 0..<2 {
      for name in names {
        let alone = try decode(name)
        let shared = WorkloadDecoder.decode(
          path: "workloads/\(name)", text: try Fixture.text(name), strings: strings)
        #expect(shared.document?.workload == alone.document?.workload, "\(name)")
        #expect(shared.diagnostics.map(\.description) == alone.diagnostics.map(\.description))
      }
    }
    // The owner's email of two decodes of one file is one string, not two copies.
    func owner() throws -> String {
      try #require(
        WorkloadDecoder.decode(
          path: "workloads/valid.md", text: try Fixture.text("valid.md"), strings: strings
        )
        .document?.workload.owner)
    }
    let (first, second) = (try owner(), try owner())
    #expect(first == "hannah.lindqvist@northwind.example")
    let same = first.utf8.withContiguousStorageIfAvailable { one in
      second.utf8.withContiguousStorageIfAvailable { other in one.baseAddress == other.baseAddress }
    }
    #expect(same == .some(.some(true)))
  }

  /// Each malformed fixture, the rule it breaks and where: line and column in the whole file.
  static let malformed: [(String, String, Int, Int)] = [
    ("duplicate-key.md", "yaml.duplicate-key", 3, 1),
    ("unterminated.md", "frontmatter.unterminated", 1, 1),
    ("no-front-matter.md", "frontmatter.missing", 1, 1),
    ("tabs.md", "yaml.syntax", 12, 1),
    ("empty-front-matter.md", "schema.missing-field", 1, 1),
    ("unknown-field.md", "schema.unknown-field", 9, 7),
  ]

  @Test("malformed files yield one diagnostic at the right place", arguments: malformed)
  func malformedFile(name: String, rule: String, line: Int, column: Int) throws {
    let outcome = try decode(name)
    #expect(outcome.document == nil)
    let first = try #require(outcome.diagnostics.first)
    #expect(first.rule == rule)
    #expect((first.location.line, first.location.column) == (line, column))
    #expect(first.location.path == "workloads/\(name)")
  }

  @Test("every bad value in a file is reported in one run, each at its own position")
  func badValues() throws {
    let outcome = try decode("bad-values.md")
    let found = outcome.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
    #expect(
      found == [
        "6:9 schema.format", "7:13 schema.enum", "11:16 schema.type", "12:18 schema.format",
        "14:23 schema.format",
      ])
    #expect(outcome.diagnostics[1].message.contains("did you mean 'live'"))
  }

  @Test("CRLF line endings and a byte-order mark are read, kept and written back")
  func crlfAndBOM() throws {
    let text = try Fixture.text("crlf-bom.md")
    let outcome = WorkloadDecoder.decode(path: "workloads/crlf-bom.md", text: text)
    #expect(outcome.diagnostics.isEmpty)
    let document = try #require(outcome.document)
    #expect(document.frontMatter?.byteOrderMark == true)
    #expect(document.frontMatter?.lineEnding == "\r\n")
    #expect(
      WorkloadEncoder.file(document.workload, keeping: document.frontMatter) == text)
  }

  @Test("a title with quotes and a script tag is kept as text and written back canonically")
  func hostileTitle() throws {
    let text = try Fixture.text("script-title.md")
    let document = try #require(
      WorkloadDecoder.decode(path: "workloads/script-title.md", text: text).document)
    let title = "Say \"hi\" <script>alert(1)</script>"
    #expect(document.workload.title == title)
    let written = WorkloadEncoder.file(document.workload, keeping: document.frontMatter)
    #expect(written.contains("\ntitle: \(title)\n"))
    let reread = try #require(
      WorkloadDecoder.decode(path: "workloads/script-title.md", text: written).document)
    #expect(reread.workload == document.workload)
    #expect(WorkloadEncoder.file(reread.workload, keeping: reread.frontMatter) == written)
  }

  @Test("a 1 MB body is carried through untouched")
  func hugeBody() throws {
    let valid = try Fixture.text("valid.md")
    let body = String(repeating: "| a | b |\n|---|---|\n| <b>x</b> | --- |\n", count: 30_000)
    let text = valid + body
    #expect(text.utf8.count > 1_000_000)
    let document = try #require(WorkloadDecoder.decode(path: "workloads/big.md", text: text).document)
    #expect(document.frontMatter?.body.hasSuffix(body) == true)
    #expect(WorkloadEncoder.file(document.workload, keeping: document.frontMatter) == text)
  }

  @Test("a file the tool wrote reads back and writes out byte for byte: every demo workload")
  func demoRoundTrips() throws {
    let folder = Fixture.repositoryRoot.appendingPathComponent("workloads")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".md")
    }
    #expect(names.count >= 12)
    for name in names {
      let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
      let outcome = WorkloadDecoder.decode(path: "workloads/\(name)", text: text)
      let document = try #require(outcome.document, "\(name): \(outcome.diagnostics)")
      #expect(WorkloadEncoder.file(document.workload, keeping: document.frontMatter) == text, "\(name)")
    }
  }

  @Test("garbage never crashes or hangs the decoder", arguments: [
    "---", "---\n", "---\n---", "---\n: :\n---\n", "---\n- a\n- b\n---\n", "---\n[\n---\n",
    "---\ntitle: &a x\nowner: *a\n---\n", "---\ncomponents: {}\n---\n", "\u{FEFF}",
    "---\r\ntitle: x\r\n---\r\n", "---\ncomponents:\n  - 7\n---\n", "---\n\"\u{0}\": 1\n---\n",
  ])
  func garbage(text: String) {
    let outcome = WorkloadDecoder.decode(path: "workloads/g.md", text: text)
    #expect(outcome.document == nil)
    #expect(!outcome.diagnostics.isEmpty)
  }
}
