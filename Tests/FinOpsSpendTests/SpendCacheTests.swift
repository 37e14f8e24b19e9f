import FinOpsCore
@testable import FinOpsSpend
import Foundation
import Testing

@Suite("The spend report kept between builds")
struct SpendCacheTests {
  /// A report with something in every part: cards with and without spend, other currencies,
  /// top models and meters, roll-ups, findings, unattributed groups, a restatement.
  static func fullReport() -> SpendReport {
    let early = "spend/2026-10/focus-2026-10-20261101.csv"
    let late = "spend/2026-10/focus-2026-10-20261108.csv"
    let k7 = Samples.session("finops-claims-assistant-k7q2")
    var records = Samples.read("focus-basic.csv").records + Samples.read("no-principal.csv").records
    records += [
      Samples.row("2026-10-08", "10.00", principal: k7, path: early),
      Samples.row("2026-10-09", "4.00", principal: nil, account: Samples.otherAccount, path: early),
      Samples.row("2026-10-08", "12.00", principal: k7, path: late),
      Samples.row("2026-10-21", "7", principal: k7, currency: "EUR", path: late),
      Samples.row("2026-10-22", "0.0000001", principal: k7, meter: "USE1-NovaPro-input-tokens", path: late),
      Samples.row("2026-10-22", "3.5", principal: Samples.session("nobody-asked"), path: late),
      Samples.row("2026-10-23", "2", principal: k7, region: "eu-west-1", path: late),
    ]
    let ledger = Attribution.attribute(
      records: records, workloads: Samples.workloads, configuration: Samples.configuration)
    return SpendReport.make(ledger: ledger, configuration: Samples.configuration, through: Samples.day("2026-11-01"))
  }

  @Test("a report reads back from its binary form as the same report, every part of it")
  func roundTrip() throws {
    let report = Self.fullReport()
    #expect(!report.ledger.findings.isEmpty && !report.ledger.unattributed.isEmpty)
    #expect(!report.ledger.restatements.isEmpty && report.cards.contains { !$0.otherCurrencies.isEmpty })
    #expect(report.cards.contains { !$0.topModels.isEmpty } && report.rollUps.contains { !$0.weeks.isEmpty })
    #expect(!report.leadIns.isEmpty)
    let bytes = report.binary()
    let read = try SpendReport(binary: bytes)
    #expect(read == report)
    #expect(read.leadIns == report.leadIns)
    #expect(read.cards == report.cards)
    #expect(read.ledger == report.ledger)
    #expect(try read.json() == report.json())
  }

  @Test("read lazily, a report gives each component's cards as asked, the same as read whole")
  func lazily() throws {
    let report = Self.fullReport()
    let bytes = report.binary()
    var input = BinaryReader(bytes)
    let read = try SpendReport(lazilyFrom: &input)
    #expect(input.atEnd)
    let references = Set(report.cards.map(\.reference)).sorted()
    #expect(references.count > 1)
    for reference in references {
      #expect(read.hasCards(of: reference))
      #expect(read.cards(of: reference) == report.cards(of: reference))
    }
    let nobody = ComponentReference(workload: "nobody", component: "none")
    #expect(!read.hasCards(of: nobody) && read.cards(of: nobody).isEmpty)
    // What the dashboard shows, summed when the report was made: the latest complete week's.
    let week = try #require(report.cards.filter(\.complete).map(\.week).max())
    let cards = report.cards.filter { $0.week == week }
    #expect(read.lastCompleteWeek == SpendReport.WeekTotals(
      week: week, spend: cards.reduce(.zero) { $0 + $1.spend }, budget: cards.reduce(.zero) { $0 + $1.budget }))
    #expect(read == report && read.cards == report.cards)
    #expect(read.cards(of: references[0]) == report.cards(of: references[0]), "once read whole")
    // The ledger's component weeks, read when first asked for.
    #expect(!report.ledger.components.isEmpty)
    #expect(read.ledger.components == report.ledger.components)
    #expect(try read.json() == report.json())
  }

  @Test("a kept report retitled shows each workload's cards, and its export, as a report made with those titles")
  func retitled() throws {
    let report = Self.fullReport()
    var workloads = Samples.workloads
    let renamed = try #require(report.cards.first?.reference.workload)
    let index = try #require(workloads.firstIndex { $0.slug == renamed })
    workloads[index].title = "Renamed & <new>"
    var input = BinaryReader(report.binary())
    let kept = try SpendReport(lazilyFrom: &input)
    let titles = Dictionary(uniqueKeysWithValues: workloads.map { ($0.slug, $0.title) })
    let retitled = kept.retitled(titles)
    for reference in Set(report.cards.map(\.reference)) {
      let cards = retitled.cards(of: reference)
      #expect(cards.allSatisfy { $0.title == titles[reference.workload] })
      // All but the title as they were.
      #expect(cards.map(\.week) == report.cards(of: reference).map(\.week))
      #expect(cards.map(\.spend) == report.cards(of: reference).map(\.spend))
    }
    #expect(retitled.cards.filter { $0.reference.workload == renamed }.allSatisfy { $0.title == "Renamed & <new>" })
    #expect(retitled.cards.count == report.cards.count)
    #expect(kept.retitled(Dictionary(uniqueKeysWithValues: Samples.workloads.map { ($0.slug, $0.title) })).cards == report.cards)
    // The export shows the new title wherever a card of the workload is.
    let json = String(decoding: try retitled.json(), as: UTF8.self)
    let count = report.cards.filter { $0.reference.workload == renamed }.count
    #expect(json.components(separatedBy: "\"title\" : \"Renamed & <new>\"").count - 1 == count)
  }

  @Test("a kept report made with a composed accent in a title, retitled with the decomposed one, exports as a fresh report")
  func retitledByBytes() throws {
    func report(_ workloads: [Workload]) -> SpendReport {
      let k7 = Samples.session("finops-claims-assistant-k7q2")
      var records = Samples.read("focus-basic.csv").records
      records.append(Samples.row("2026-10-08", "10.00", principal: k7, path: "spend/2026-10/focus-2026-10-20261101.csv"))
      let ledger = Attribution.attribute(records: records, workloads: workloads, configuration: Samples.configuration)
      return SpendReport.make(ledger: ledger, configuration: Samples.configuration, through: Samples.day("2026-11-01"))
    }
    var composed = Samples.workloads
    let slug = try #require(report(composed).cards.first?.reference.workload)
    let index = try #require(composed.firstIndex { $0.slug == slug })
    composed[index].title = "Caf\u{E9}"
    var decomposed = composed
    decomposed[index].title = "Cafe\u{301}"
    var input = BinaryReader(report(composed).binary())
    let kept = try SpendReport(lazilyFrom: &input)
    let retitled = kept.retitled(Dictionary(uniqueKeysWithValues: decomposed.map { ($0.slug, $0.title) }))
    let fresh = report(decomposed)
    #expect(try retitled.json() == fresh.json())
    let reference = try #require(fresh.cards.first?.reference)
    #expect(retitled.cards(of: reference).map { Array($0.title.utf8) } == fresh.cards(of: reference).map { Array($0.title.utf8) })
  }

  @Test("a cut or damaged form throws instead of trapping or reading as a report")
  func damaged() throws {
    let bytes = Self.fullReport().binary()
    for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
      #expect(throws: BinaryFormatError.self) { try SpendReport(binary: Array(bytes[..<length])) }
    }
    #expect(throws: BinaryFormatError.self) { try SpendReport(binary: bytes + [0]) }
    // Read lazily, a cut form throws too: the index must place every component inside it.
    for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
      var input = BinaryReader(Array(bytes[..<length]))
      #expect(throws: BinaryFormatError.self) { try SpendReport(lazilyFrom: &input) }
    }
    // Flipped bytes either throw or read as some report: never a trap.
    var state: UInt64 = 11
    for _ in 0..<300 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      var copy = bytes
      copy[Int(state >> 33) % copy.count] ^= UInt8(truncatingIfNeeded: state >> 20) | 1
      _ = try? SpendReport(binary: copy)
    }
  }

  @Test("fingerprints follow content and framing, and are stable")
  func contentHash() {
    func hash(_ parts: [String]) -> String {
      var hash = ContentHash()
      for part in parts { hash.update(part) }
      return hash.hex
    }
    #expect(hash(["ab", "c"]) != hash(["a", "bc"]))
    #expect(hash(["abc"]) == hash(["abc"]))
    #expect(hash([""]) != hash([]))
    #expect(hash([String(repeating: "x", count: 33)]) != hash([String(repeating: "x", count: 32) + "y"]))
    #expect(hash(["\u{0}"]) != hash([""]))
    var seen: Set<String> = []
    for length in 0..<64 { seen.insert(hash([String(repeating: "a", count: length)])) }
    #expect(seen.count == 64)
    // Pinned: a change of the function is a change of every cache key, on purpose only.
    #expect(hash(["finops"]) == "d533cad9fb316494c36684f5069bbc1c")
  }

  @Test("the key changes with every input the stage reads, and only with them")
  func key() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spend-cache-key-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder + "/spend/2026-10", withIntermediateDirectories: true)
    let export = try #require(FileManager.default.contents(atPath: Samples.fixtures + "/focus-basic.csv")).map { $0 }
    try Data(export).write(to: URL(fileURLWithPath: folder + "/spend/2026-10/a.csv"))
    let configuration = Array("currency: USD\n".utf8)
    func key(
      files: [String] = ["spend/2026-10/a.csv"], workloads: [Workload] = Samples.workloads,
      configuration: [UInt8] = configuration, through: String = "2026-11-01"
    ) -> String? {
      ContentHash.build(configuration: ContentHash(String(decoding: configuration, as: UTF8.self))).flatMap {
        SpendCache.key(root: folder, files: files, workloads: workloads, base: $0)
      }.map { SpendCache.entryKey($0, through: Samples.day(through)) }
    }
    let base = try #require(key())
    #expect(key() == base)
    #expect(key(through: "2026-11-02") != base)
    #expect(key(configuration: configuration + [0x20]) != base)
    var workloads = Samples.workloads
    workloads[0].components[0].request.monthlyBudget = Money(1)
    #expect(key(workloads: workloads) != base)
    #expect(key(workloads: Array(Samples.workloads.dropLast())) != base)
    // A title only the cards show: the kept report is retitled instead.
    var renamed = Samples.workloads
    renamed[0].title = "Renamed"
    #expect(key(workloads: renamed) == base)
    var edited = export
    edited[edited.count - 2] ^= 1
    try Data(edited).write(to: URL(fileURLWithPath: folder + "/spend/2026-10/a.csv"))
    #expect(key() != base)
    try Data(export).write(to: URL(fileURLWithPath: folder + "/spend/2026-10/a.csv"))
    #expect(key() == base)
    try FileManager.default.moveItem(atPath: folder + "/spend/2026-10/a.csv", toPath: folder + "/spend/2026-10/b.csv")
    #expect(key(files: ["spend/2026-10/b.csv"]) != base)
    #expect(key(files: ["spend/2026-10/a.csv"]) == nil)
  }

  @Test("an entry is served only for its key, whole and unchanged; anything else is a miss")
  func storeAndLoad() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spend-cache-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = SpendCache(folder: folder + "/.finops-cache")
    let entry = SpendCache.Entry(report: Self.fullReport(), problems: ["spend/x.csv:3:1: error: [spend.row] bad"])
    let key = String(repeating: "a", count: 32)
    #expect(cache.load(key: key) == nil)
    try cache.store(entry, key: key)
    #expect(cache.load(key: key) == entry)
    #expect(cache.load(key: String(repeating: "b", count: 32)) == nil)
    var bytes = try #require(FileManager.default.contents(atPath: cache.path))
    bytes[bytes.count - 5] ^= 0x40
    try bytes.write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.load(key: key) == nil)
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.load(key: key) == nil)
    try cache.store(entry, key: key)
    #expect(cache.load(key: key) == entry)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache.folder)
    #expect(leftovers == ["spend.bin"])
  }
}
