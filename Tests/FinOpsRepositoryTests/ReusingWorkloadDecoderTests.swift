import FinOpsCore
import Foundation
import Testing

@testable import FinOpsRepository

@Suite("Decoding a new version from the pieces of the previous one")
struct ReusingWorkloadDecoderTests {
  static let path = "workloads/fnol-claims.md"

  /// Expects `outcome` to be what the full decode of `text` gives (the YAML parser alone), byte
  /// for byte: the record is also compared as the UTF-8 the encoder writes, since Swift strings
  /// compare equal across Unicode normal forms.
  func expectSame(_ outcome: WorkloadDecoder.Outcome, _ text: String, _ comment: Comment) {
    let full = WorkloadDecoder.decodeFully(path: Self.path, text: text)
    #expect(outcome.diagnostics == full.diagnostics, comment)
    #expect(outcome.document?.frontMatter == full.document?.frontMatter, comment)
    #expect(outcome.document?.workload == full.document?.workload, comment)
    let written = outcome.document.map { Array(WorkloadEncoder.yaml($0.workload).utf8) }
    let expected = full.document.map { Array(WorkloadEncoder.yaml($0.workload).utf8) }
    #expect(written == expected, "\(comment): the record's bytes differ")
    #expect((outcome.partial == nil) == (full.partial == nil), comment)
    for field in ["", "title", "components", "components[0].status", "components[0].history[1].to"]
    {
      #expect(
        outcome.document?.sourceMap.location(field) == full.document?.sourceMap.location(field),
        comment)
    }
  }

  /// Replaces the first occurrence of `old` in `text`.
  static func replacing(_ old: String, with new: String, in text: String) -> String {
    guard let range = text.range(of: old) else { return text }
    return text.replacingCharacters(in: range, with: new)
  }

  @Test("every fixture decodes as the full decoder decodes it, the first and the second time")
  func fixtures() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.folder.path).sorted()
    #expect(names.count >= 10)
    for name in names where name.hasSuffix(".md") {
      let text = try Fixture.text(name)
      let decoder = ReusingWorkloadDecoder()
      expectSame(decoder.decode(path: Self.path, text: text), text, "\(name), first")
      expectSame(decoder.decode(path: Self.path, text: text), text, "\(name), again")
      // A file decoded alone, as a load decodes every file, with and without shared texts.
      expectSame(WorkloadDecoder.decode(path: Self.path, text: text), text, "\(name), alone")
      let shared = WorkloadDecoder.decode(path: Self.path, text: text, strings: StringCache())
      expectSame(shared, text, "\(name), alone, shared texts")
    }
  }

  @Test("a file in finops' own layout is read without parsing it whole, and decodes the same")
  func alone() throws {
    let text = try Fixture.text("valid.md")
    let frontMatter = try FrontMatter.split(path: Self.path, text: text).get()
    let workload = ReusingWorkloadDecoder.decodeAlone(
      path: Self.path, frontMatter: frontMatter, strings: nil)
    #expect(workload != nil)
    #expect(workload == WorkloadDecoder.decodeFully(path: Self.path, text: text).document?.workload)
    // Every generated file takes the fast path too: the layout the encoder writes.
    let encoded = "---\n" + WorkloadEncoder.yaml(try #require(workload)) + "---\n\nBody.\n"
    let again = try FrontMatter.split(path: Self.path, text: encoded).get()
    #expect(
      ReusingWorkloadDecoder.decodeAlone(path: Self.path, frontMatter: again, strings: nil)
        == workload)
  }

  @Test("texts read without the parser are shared through the cache, as the parser's are")
  func sharedTexts() throws {
    let text = try Fixture.text("valid.md")
    let frontMatter = try FrontMatter.split(path: Self.path, text: text).get()
    let strings = StringCache()
    func decoded() throws -> Workload {
      try #require(
        ReusingWorkloadDecoder.decodeAlone(
          path: Self.path, frontMatter: frontMatter, strings: strings))
    }
    let (first, second) = (try decoded(), try decoded())
    func same(_ one: String, _ other: String) -> Bool {
      one.utf8.withContiguousStorageIfAvailable { left in
        other.utf8.withContiguousStorageIfAvailable { right in
          left.baseAddress == right.baseAddress
        }
      } == .some(.some(true))
    }
    // The owner (a workload line), an entry's author (a history entry), a request's field (a
    // piece the parser reads), each longer than a string held inline.
    #expect(same(first.owner, second.owner))
    let entries = (first.components[0].history, second.components[0].history)
    #expect(entries.0[0].by.utf8.count > 15)
    #expect(same(entries.0[0].by, entries.1[0].by))
    #expect(first.components[0].request.utilization.utf8.count > 15)
    #expect(
      same(first.components[0].request.utilization, second.components[0].request.utilization))
  }

  @Test("a transition's new version reuses the unchanged pieces and decodes the same")
  func transition() throws {
    let text = try Fixture.text("valid.md")
    let decoder = ReusingWorkloadDecoder()
    _ = decoder.decode(path: Self.path, text: text)
    let before = decoder.reusedPieces
    let changed = Self.replacing(
      "    history:\n",
      with: "    history:\n      - at: 2026-09-20T12:45:00Z\n        transition: draft\n"
        + "        to: draft\n        by: hannah.lindqvist@northwind.example\n"
        + "        persona: product-owner\n",
      in: Self.replacing("    status: live\n", with: "    status: retired\n", in: text))
    #expect(changed != text)
    let outcome = decoder.decode(path: Self.path, text: changed)
    expectSame(outcome, changed, "transition")
    #expect(outcome.document != nil)
    #expect(decoder.reusedPieces > before)
  }

  @Test(
    "a status line read without the parser names the status the parser reads, or is left to it",
    arguments: Status.allCases.map { "    status: \($0.rawValue)\n" } + [
      "status: live\n", "    status: live", "    status: live \n", "    status: 'live'\n",
      "    status: \"live\"\n", "    status: lve\n", "    status: Live\n", "    status: ~\n",
      "    status:  live\n", "    status: -live\n", "    status: live # x\n", "    statu: live\n",
      "    status: live\n    status: live\n", "    status:\n", "    status: null\n",
    ])
  func statusLine(line: String) {
    let direct = ReusingWorkloadDecoder.statusLine(Array(line.utf8)[...])
    var reader = NodeReader(path: "", yamlFirstLine: 1)
    var parsed: Status?
    if case .mapping(let entries, _)? = FastYAMLParser.parse(line), entries.count == 1,
      entries[0].key == "status"
    {
      parsed = reader.value(entries[0].value, "status", as: Status.self)
    }
    if let direct {
      #expect(direct == parsed)
      #expect(reader.diagnostics.isEmpty)
    }
  }

  @Test("every status's plain line is read without the parser")
  func statusLineFastPath() {
    for status in Status.allCases {
      let line = Array("    status: \(status.rawValue)\n".utf8)[...]
      #expect(ReusingWorkloadDecoder.statusLine(line) == status)
    }
    #expect(ReusingWorkloadDecoder.statusLine(Array("    status: lve\n".utf8)[...]) == nil)
  }

  static let entry =
    "      - at: 2026-09-21T12:45:00Z\n        transition: complete-step\n        from: approved\n"
    + "        to: approved\n        by: sam@example.com\n        persona: cloud-engineer\n"
    + "        step: model-access\n"

  @Test(
    "a history entry read without the parser is the entry the parser reads, or is left to it",
    arguments: [
      entry, entry + "        reason: Needs a smaller model, see notes\n",
      "      - at: 2026-09-21T12:45:00Z\n        transition: submit\n        to: submitted\n"
        + "        by: po6@corp.example\n        persona: product-owner\n",
      "- at: 2026-09-21T12:45:00+02:00\n  transition: claim\n  from: ready-to-claim\n  to: live\n"
        + "  by: a@b.example\n  persona: product-owner\n",
      entry.replacingOccurrences(of: "model-access", with: "model-acess"),
      entry.replacingOccurrences(of: "2026-09-21T12:45:00Z", with: "2026-09-21 12:45"),
      entry.replacingOccurrences(of: "sam@example.com", with: "sam"),
      entry.replacingOccurrences(of: "sam@example.com", with: "'sam@example.com'"),
      entry.replacingOccurrences(of: "sam@example.com", with: "\"sam@example.com\""),
      entry.replacingOccurrences(of: "sam@example.com", with: "sam@example.com # who"),
      entry.replacingOccurrences(of: "sam@example.com", with: "sam@example.com "),
      entry.replacingOccurrences(of: "sam@example.com", with: "@sam"),
      entry.replacingOccurrences(of: "persona:", with: "personna:"),
      entry.replacingOccurrences(of: "        to:", with: "         to:"),
      entry.replacingOccurrences(of: "        to:", with: "       to:"),
      entry.replacingOccurrences(of: "      - at:", with: "      -  at:"),
      entry.replacingOccurrences(of: "        from: approved\n", with: ""),
      entry.replacingOccurrences(of: "        by: sam@example.com\n", with: ""),
      entry + "        step: iam-role\n", entry + "        reason: a: b\n", entry + "        reason: x:\n",
      entry + "        reason: |\n          text\n", entry + "        reason: [a, b]\n",
      entry + "        reason: café\n", entry + "        reason:\n", entry + "        reason: ~\n",
      entry + "        reason: Say \"no\" {twice}, 'politely' - ok?\n", entry + "          more: x\n",
      entry + "      - at: 2026-09-21T12:45:00Z\n",
    ])
  func historyEntry(piece: String) {
    let direct = ReusingWorkloadDecoder.historyEntry(Array(piece.utf8)[...])
    var reader = NodeReader(path: "", yamlFirstLine: 1)
    var parsed: HistoryEntry?
    if case .sequence(let items, _)? = FastYAMLParser.parse(piece), items.count == 1 {
      parsed = reader.historyEntry(items[0])
    }
    if let direct {
      #expect(direct == parsed)
      #expect(reader.diagnostics.isEmpty)
    }
  }

  static let implementation =
    "    implementation:\n      model_access:\n        by: eng3@corp.example\n        at: 2026-04-20T00:28:43Z\n"
    + "      iam_role:\n        by: eng3@corp.example\n        at: 2026-04-20T04:31:21Z\n"
  static let claim = "    claim:\n      by: po7@corp.example\n      at: 2026-04-21T15:11:16Z\n"

  /// Pieces in the shapes finops writes, with near misses of each: every one the fast paths take
  /// must read as the parser reads it.
  static let simplePieces: [String] = [
    "title: Intake copilot\n", "title: \"Workload 4987: Intake copilot\"\n", "title: 'Intake'\n",
    "product: bu0-d0-p0-x1\n", "owner: po7@corp.example\n", "owner: po7\n", "owner: 'po7@corp.example'\n",
    "title: Intake: copilot\n", "title: Intake # copilot\n", "title: Intake \n", "title:\n",
    "title: ~\n", "title: true\n", "title: 12\n", "title: -x\n", "title: café\n", "titel: x\n",
    " title: x\n", "title: x\ntitle: y\n", "owner: po7@corp.example\n  more: x\n",
    "  - id: xe44\n", "- id: xe44\n", "  - id: XE44\n", "  - id: xe4\n", "  - id: 'xe44'\n",
    "  - ids: xe44\n", "  -  id: xe44\n", "  - id: xe44 \n",
    claim, implementation,
    "    implementation:\n      permission_policy:\n        at: 2026-04-20T05:21:34Z\n        by: e@x.example\n",
    claim.replacingOccurrences(of: "po7@corp.example", with: "po7"),
    claim.replacingOccurrences(of: "2026-04-21T15:11:16Z", with: "2026-04-21"),
    claim.replacingOccurrences(of: "      at:", with: "       at:"),
    claim.replacingOccurrences(of: "      by:", with: "      who:"),
    claim + "      by: po7@corp.example\n", claim + "      note: x\n",
    claim.replacingOccurrences(of: "      at: 2026-04-21T15:11:16Z\n", with: ""),
    claim.replacingOccurrences(of: "claim:", with: "claims:"),
    claim.replacingOccurrences(of: "po7@corp.example", with: "\"po7@corp.example\""),
    implementation.replacingOccurrences(of: "iam_role", with: "model_access"),
    implementation.replacingOccurrences(of: "iam_role", with: "iam-role"),
    implementation.replacingOccurrences(of: "      iam_role:", with: "       iam_role:"),
    implementation.replacingOccurrences(of: "      iam_role:", with: "     iam_role:"),
    implementation.replacingOccurrences(of: "        at: 2026-04-20T04:31:21Z\n", with: ""),
    implementation + "        note: x\n", implementation + "      - x\n", "    implementation:\n",
    "    implementation: {}\n", "    implementation:\n      model_access: done\n",
  ]

  @Test("a simple piece read without the parser is what the parser reads, or is left to it",
        arguments: simplePieces)
  func simplePiece(piece: String) {
    let bytes = Array(piece.utf8)[...]
    var reader = NodeReader(path: "", yamlFirstLine: 1)
    let node = FastYAMLParser.parse(piece)
    var entry: YAMLNode.Entry?
    if case .mapping(let entries, _)? = node, entries.count == 1 { entry = entries[0] }
    if let (key, text) = ReusingWorkloadDecoder.workloadText(bytes) {
      let parsed = key == "owner" ? reader.email(entry?.value, key) : reader.string(entry?.value, key)
      #expect(entry?.key == key && parsed == text)
      #expect(reader.diagnostics.isEmpty)
    }
    if let id = ReusingWorkloadDecoder.componentIDLine(bytes) {
      guard case .sequence(let items, _)? = node, items.count == 1,
        case .mapping(let entries, _) = items[0], entries.count == 1, entries[0].key == "id"
      else {
        Issue.record("\(piece) is not one component id to the parser")
        return
      }
      #expect(reader.componentID(entries[0].value) == id)
      #expect(reader.diagnostics.isEmpty)
    }
    if let signed = ReusingWorkloadDecoder.signedBlock(bytes) {
      if let claim = signed.claim {
        #expect(entry?.key == "claim")
        #expect(entry.flatMap { reader.signature($0.value, what: "the claim") } == claim)
      } else {
        #expect(entry?.key == "implementation")
        #expect(entry.flatMap { reader.implementation($0.value) } == signed.implementation)
      }
      #expect(reader.diagnostics.isEmpty)
    }
  }

  @Test("the simple pieces finops writes are read without the parser")
  func simplePieceFastPaths() {
    func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }
    #expect(ReusingWorkloadDecoder.workloadText(bytes("title: Intake copilot\n"))?.value == "Intake copilot")
    #expect(ReusingWorkloadDecoder.workloadText(bytes("owner: po7@corp.example\n"))?.key == "owner")
    #expect(ReusingWorkloadDecoder.componentIDLine(bytes("  - id: xe44\n")) == "xe44")
    #expect(ReusingWorkloadDecoder.signedBlock(bytes(Self.claim))?.claim?.by == "po7@corp.example")
    #expect(ReusingWorkloadDecoder.signedBlock(bytes(Self.implementation))?.implementation?.steps.count == 2)
  }

  @Test("closed sets and history keys told by bytes are those told by their text")
  func byBytes() {
    func check<T: ClosedSet>(_ type: T.Type) {
      let table = ClosedSetBytes<T>()
      let texts = T.allCases.map(\.rawValue) + T.allCases.flatMap { value in
        let raw = value.rawValue
        return [String(raw.dropLast()), raw + "s", raw.uppercased(), " " + raw, String(raw.reversed())]
      } + ["", "x"]
      for text in texts {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { table.value($0) } == T(rawValue: text), "\(text)")
      }
    }
    check(Transition.self)
    check(Status.self)
    check(Persona.self)
    check(ImplementationStep.self)
    let keys = WorkloadDecoder.historyFields + ["ab", "tr", "frm", "too", "bye", "personas", "stem", "reasons", "", "t"]
    for key in keys {
      let bytes = Array(key.utf8)
      #expect(
        bytes.withUnsafeBufferPointer { ReusingWorkloadDecoder.historyField($0) }
          == WorkloadDecoder.historyFields.firstIndex(of: key), "\(key)")
    }
  }

  @Test("the history entries finops writes are read without the parser")
  func historyEntryFastPath() throws {
    #expect(ReusingWorkloadDecoder.historyEntry(Array(Self.entry.utf8)[...]) != nil)
    let reason = Self.entry + "        reason: Needs a smaller model, see notes\n"
    #expect(ReusingWorkloadDecoder.historyEntry(Array(reason.utf8)[...])?.reason == "Needs a smaller model, see notes")
  }

  @Test("a word has a flagged byte exactly when one of its bytes is one the line split stops at")
  func specialBytes() {
    let special: Set<UInt8> = Set(0..<0x20).union([0x7F, 0xEF])
    var generator = SystemRandomNumberGenerator()
    for round in 0..<20_000 {
      // Mostly ordinary text, now and then a special or high byte, at every position.
      let bytes = (0..<8).map { _ -> UInt8 in
        let roll = UInt8.random(in: 0...15, using: &generator)
        if round < 256 { return UInt8(round) }
        return roll == 0 ? UInt8.random(in: 0...255, using: &generator) : UInt8.random(in: 0x20...0x7E, using: &generator)
      }
      let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
      let flags = ReusingWorkloadDecoder.specialBytes(word)
      let first = bytes.firstIndex { special.contains($0) }
      #expect(flags == 0 ? first == nil : first == flags.trailingZeroBitCount / 8, "\(bytes)")
    }
  }

  /// Edits of a valid file, each a hand edit or tampering that the fast path must either decode
  /// exactly or leave to the full decoder.
  static let edits: [(String, String, String)] = [
    ("unknown status", "    status: live\n", "    status: lve\n"),
    ("unknown field", "      team_size: 48\n", "      team_size: 48\n      team_sise: 4\n"),
    ("duplicate key", "    status: live\n", "    status: live\n    status: live\n"),
    ("bad timestamp", "      - at: 2026-09-21T12:45:00Z\n", "      - at: 2026-09-21 12:45\n"),
    ("extra indentation", "      runtime: lambda\n", "       runtime: lambda\n"),
    ("less indentation", "      runtime: lambda\n", "     runtime: lambda\n"),
    ("comment line", "    request:\n", "    request:\n      # note\n"),
    ("trailing comment", "      runtime: lambda\n", "      runtime: lambda # why\n"),
    ("blank line", "    request:\n", "    request:\n\n"),
    ("tab", "      runtime: lambda\n", "      runtime:\tlambda\n"),
    ("quoted title", "title: FNOL Claims Assistant\n", "title: \"FNOL \\\"Claims\\\" <script>\"\n"),
    (
      "literal rationale", "      rationale: Hurricane",
      "      rationale: |\n        Two\n        lines.\n        Hurricane"
    ),
    ("empty history", "    history:\n", "    history: []\n    hist:\n"),
    ("flow history", "    history:\n", "    history: [a]\n    hist:\n"),
    ("key order", "  - id: eajd\n    status: live\n", "  - status: live\n    id: eajd\n"),
    ("history first", "  - id: eajd\n", "  - history:\n      - at: x\n    id: eajd\n"),
    ("no components", "components:\n", "components: []\nold:\n"),
    ("compact nested list", "  - id: eajd\n", "  - - id: eajd\n"),
    ("empty item", "  - id: eajd\n", "  -\n    id: eajd\n"),
    (
      "same-indent history", "      - at: 2026-09-21T12:45:00Z\n",
      "    - at: 2026-09-21T12:45:00Z\n"
    ),
    ("missing request", "    request:\n", "    requests:\n"),
    ("malformed approval", "      platform: bedrock\n", "      platform: [bedrock]\n"),
    ("stray line", "    claim:\n", "   stray: 1\n    claim:\n"),
    ("title twice", "owner:", "title: Again\nowner:"),
    ("root key last", "title: FNOL Claims Assistant\n", ""),
    ("anchor", "      runtime: lambda\n", "      runtime: &r lambda\n"),
    ("document end", "components:\n", "...\ncomponents:\n"),
    ("decomposed accent", "coverage checklist", "cove\u{0301}rage checklist"),
    ("composed accent", "coverage checklist", "cov\u{00E9}rage checklist"),
    ("carriage returns", "\n", "\r\n"),
  ]

  @Test(
    "hand edits and tampering decode exactly as the full decoder decodes them",
    arguments: edits.map(\.0))
  func edit(name: String) throws {
    guard let (_, old, new) = Self.edits.first(where: { $0.0 == name }) else { return }
    var text = try Fixture.text("valid.md")
    if name == "root key last" {
      text = Self.replacing(old, with: new, in: text)
      text = Self.replacing("\n---\n", with: "\ntitle: FNOL Claims Assistant\n---\n", in: text)
    } else if name == "carriage returns" {
      text = text.replacingOccurrences(of: old, with: new)
    } else {
      let edited = Self.replacing(old, with: new, in: text)
      #expect(edited != text, "\(name) changed nothing")
      text = edited
    }
    let base = try Fixture.text("valid.md")
    let decoder = ReusingWorkloadDecoder()
    _ = decoder.decode(path: Self.path, text: base)
    expectSame(decoder.decode(path: Self.path, text: text), text, "\(name)")
    expectSame(WorkloadDecoder.decode(path: Self.path, text: text), text, "\(name), alone")
    // And back: the edited version's pieces must not leak into the original's decoding.
    expectSame(decoder.decode(path: Self.path, text: base), base, "\(name), back")
  }

  @Test("byte-different but canonically equal text is never taken from the previous version")
  func normalForms() throws {
    let text = try Fixture.text("valid.md")
    let composed = Self.replacing("coverage", with: "cov\u{00E9}rage", in: text)
    let decomposed = Self.replacing("coverage", with: "cove\u{0301}rage", in: text)
    #expect(composed == decomposed)  // Swift's String equality; the bytes differ
    let decoder = ReusingWorkloadDecoder()
    _ = decoder.decode(path: Self.path, text: composed)
    let reused = decoder.reusedPieces
    let outcome = decoder.decode(path: Self.path, text: decomposed)
    #expect(decoder.reusedPieces > reused)  // the fast path ran, reusing the other pieces
    let utilization = outcome.document?.workload.components.first?.request.utilization
    #expect(utilization.map { Array($0.utf8) }.map { $0.contains(0xCC) } == true)
  }
}

extension WorkloadDecoder {
  /// `decode` of a whole file through the YAML parser alone, whatever the layout: what the fast
  /// path must equal.
  static func decodeFully(path: String, text: String) -> Outcome {
    switch FrontMatter.split(path: path, text: text) {
    case .success(let frontMatter): decodeFully(path: path, frontMatter: frontMatter)
    case .failure(let diagnostic): Outcome(document: nil, diagnostics: [diagnostic])
    }
  }
}
