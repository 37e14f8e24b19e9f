import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsRepository

@Suite("component ids in use")
struct ComponentIDsTests {
  /// The ids the scan finds in `text`.
  static func scan(_ text: String) -> [String] {
    Array(text.utf8).withUnsafeBufferPointer { ComponentIDs.scan($0).ids }
  }

  /// File texts and the ids in them: LF, CRLF, BOM, quoted ids, other item layouts, comments,
  /// lines that only look like ids, and ids after the front matter.
  static let files: [(String, [String])] = [
    (
      "---\ntitle: A\ncomponents:\n  - id: k7q2\n    status: draft\n  - id: m3n4\n---\nbody\n",
      ["k7q2", "m3n4"]
    ),
    ("---\r\ntitle: A\r\ncomponents:\r\n  - id: k7q2\r\n    status: draft\r\n---\r\n", ["k7q2"]),
    ("\u{FEFF}---\r\ncomponents:\r\n  - id: k7q2\r\n---\r\n", ["k7q2"]),
    (
      "---\ncomponents:\n  - id: \"2345\"\n  - id: 'k7q2'\n  - id: \"m3n4\"\r\n---\n",
      ["2345", "k7q2", "m3n4"]
    ),
    ("---\ncomponents:\n  - status: draft\n    id: k7q2\n---\n", ["k7q2"]),
    ("---\ncomponents:\n- id: k7q2\n-   id:  m3n4  \n---\n", ["k7q2", "m3n4"]),
    (
      "---\ncomponents:\n  - id: k7q2 # the first\n  - id : m3n4\n  - id:\tp5q6\n---\n",
      ["k7q2", "m3n4", "p5q6"]
    ),
    ("---\ncomponents:\n  - id: k7q2", ["k7q2"]),
    (
      "---\n  valid: abcd\n  paid: efgh\n  - idx: jkmn\n  - id:pqrs\n  - id:\n  - id: ''\n---\n", []
    ),
    ("---\ncomponents:\n  - id: k7q2\n---\n  - id: m3n4\n---\n", ["k7q2"]),
    ("", []),
  ]

  @Test("the scan finds ids in every layout, and only in the front matter", arguments: files)
  func layout(text: String, ids: [String]) {
    #expect(Self.scan(text) == ids)
  }

  @Test("the scan says whether it reached the end of the front matter")
  func closed() {
    func isClosed(_ text: String) -> Bool {
      Array(text.utf8).withUnsafeBufferPointer { ComponentIDs.scan($0).isClosed }
    }
    #expect(isClosed("---\ncomponents:\n  - id: k7q2\n---\nbody"))
    #expect(isClosed("\u{FEFF}---\r\n---"))
    #expect(!isClosed("---\ncomponents:\n  - id: k7q2\n--"))
    #expect(!isClosed("---\n"))
  }

  @Test(
    "the scan finds every id the decoder reads in the fixtures",
    arguments: [
      "valid.md", "crlf-bom.md", "unknown-field.md", "script-title.md",
    ])
  func fixtures(name: String) throws {
    let text = try Fixture.text(name)
    let decoded = WorkloadDecoder.decode(path: "workloads/" + name, text: text)
    let ids = try #require(decoded.partial?.workload.components.map(\.id))
    #expect(!ids.isEmpty)
    #expect(Set(ids).isSubset(of: Self.scan(text)))
  }

  @Test("ids in use include subfolders and files git does not track yet")
  func inUse() throws {
    let repository = try GitRepositoryFixture(files: [
      "finops.yml": "currency: USD\n",
      "workloads/a.md": "---\ncomponents:\n  - id: aaaa\n---\n",
      "workloads/unit/b.md": "---\r\ncomponents:\r\n  - id: bbbb\r\n---\r\n",
      "workloads/.hidden.md": "---\ncomponents:\n  - id: hhhh\n---\n",
      "workloads/notes.txt": "  - id: tttt\n",
    ])
    defer { repository.remove() }
    try repository.directory.write(
      "workloads/unit/deeper/c.md", "---\ncomponents:\n  - id: 'cccc'\n---\n")
    try repository.directory.write(
      "workloads/a.md", "---\ncomponents:\n  - id: aaaa\n  - id: dddd\n---\n")
    // Longer than one read: an id at the end of a long front matter, and one after a short one.
    let padding = String(
      repeating: "    note: a line of padding for a long front matter\n", count: 2000)
    try repository.directory.write(
      "workloads/long.md", "---\ncomponents:\n" + padding + "  - id: eeee\n---\n")
    try repository.directory.write("workloads/body.md", "---\n---\n" + padding + "  - id: ffff\n")
    #expect(
      ComponentIDs.inUse(Repository(root: repository.path))
        == ["aaaa", "bbbb", "cccc", "dddd", "eeee"])
  }

  @Test("a new id avoids the ids in use and is stable for a seed")
  func next() {
    let first = ComponentIDs.next(seed: "w|2026-10-02T10:15:00Z", avoiding: [])
    #expect(Identifiers.isComponentID(first))
    #expect(ComponentIDs.next(seed: "w|2026-10-02T10:15:00Z", avoiding: []) == first)
    let second = ComponentIDs.next(seed: "w|2026-10-02T10:15:00Z", avoiding: [first])
    #expect(second != first && Identifiers.isComponentID(second))
  }
}
