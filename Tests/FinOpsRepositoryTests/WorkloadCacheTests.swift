import FinOpsCore
@testable import FinOpsRepository
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Decoded workload files kept between loads")
struct WorkloadCacheTests {
  /// A copy of the demo repository's configuration and workloads, and a few files with
  /// warnings and errors beside them.
  static func repository() throws -> TemporaryDirectory {
    let folder = try TemporaryDirectory()
    let root = Fixture.repositoryRoot.path
    for item in ["finops.yml", "workloads", "pricing"] {
      try FileManager.default.copyItem(atPath: root + "/" + item, toPath: folder.path + "/" + item)
    }
    try folder.write("workloads/unknown-field.md", try Fixture.text("unknown-field.md"))
    try folder.write("workloads/bad-values.md", try Fixture.text("bad-values.md"))
    try folder.write("workloads/crlf-bom.md", try Fixture.text("crlf-bom.md"))
    return folder
  }

  /// Everything a load gives, in comparable form.
  struct Summary: Equatable {
    var diagnostics: [String]
    var workloads: [String: Workload]
    var bodies: [String: String]
  }

  static func summary(_ snapshot: RepositorySnapshot, _ repository: Repository) throws -> Summary {
    Summary(
      diagnostics: snapshot.diagnostics.map(\.description),
      workloads: Dictionary(uniqueKeysWithValues: snapshot.documents.map { ($0.path, $0.workload) }),
      bodies: Dictionary(uniqueKeysWithValues: try snapshot.documents.map { ($0.path, try $0.body(in: repository)) }))
  }

  @Test("every record reads back from its binary form as the same record")
  func roundTrip() throws {
    let snapshot = RepositorySnapshot.load(Repository(root: Fixture.repositoryRoot.path))
    #expect(snapshot.documents.count > 10)
    for document in snapshot.documents {
      var out = BinaryWriter()
      out.workload(document.workload)
      var input = BinaryReader(out.bytes)
      #expect(try input.workload() == document.workload)
      #expect(input.atEnd)
    }
  }

  @Test("a load from the cache is the load without it: records, bodies, diagnostics and their positions")
  func sameAsWithout() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    let cache = WorkloadCache(path: folder.path + "/.finops-cache/workloads.bin")
    let plain = try Self.summary(RepositorySnapshot.load(repository), repository)
    #expect(plain.diagnostics.contains { $0.contains("error:") } && plain.workloads.count > 10)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)
    // Fingerprints are what a cache adds: every document of a load with one has its text's.
    #expect(RepositorySnapshot.load(repository, cache: cache).documents.allSatisfy { $0.digest != nil })
    #expect(RepositorySnapshot.load(repository).documents.allSatisfy { $0.digest == nil })
    let entries = cache.load()
    #expect(!entries.isEmpty && entries["workloads/bad-values.md"] == nil)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)
    // A roster change: records come from the cache, the rules that read the roster run again
    // and point at the same places.
    try folder.write(
      "finops.yml", try folder.read("finops.yml").replacingOccurrences(of: "maria.gonzalez@northwind.example", with: "maria.g@northwind.example"))
    let changed = try Self.summary(RepositorySnapshot.load(repository), repository)
    #expect(changed.diagnostics.count > plain.diagnostics.count)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == changed)
    // What the rules found is kept with each record for the configuration they read, and
    // taken as it is while that configuration is the one loaded.
    let digest = try #require(RepositorySnapshot.load(repository).configurationDigest)
    let kept = cache.load()
    #expect(!kept.isEmpty && kept.values.allSatisfy { $0.validation?.configuration == digest })
    #expect(kept.values.contains { $0.validation?.diagnostics.contains { $0.rule == "roster.unknown-person" } == true })
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == changed)
    try folder.write(
      "finops.yml", try folder.read("finops.yml").replacingOccurrences(of: "maria.g@northwind.example", with: "maria.gonzalez@northwind.example"))
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)
  }

  @Test("a file the file system says is unchanged is not read; one changed, or written in the last two seconds, is")
  func unread() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    let plain = try Self.summary(RepositorySnapshot.load(repository), repository)
    // Files written in the last two seconds are never recognised by their status.
    let present = WorkloadCache(path: folder.path + "/.finops-cache/present.bin")
    _ = RepositorySnapshot.load(repository, cache: present)
    #expect(RepositorySnapshot.load(repository, cache: present).documents.allSatisfy { $0.frontMatter != nil })
    #expect(present.load().values.allSatisfy { $0.status == nil })
    // With a clock a minute ahead they are old enough. A cache written without their status
    // is written again, with it, by the next load that reads them.
    let ahead = WorkloadCache(path: present.path, clock: { FileDigests.systemClock() + 60 })
    #expect(RepositorySnapshot.load(repository, cache: ahead).documents.allSatisfy { $0.frontMatter != nil })
    #expect(!ahead.load().isEmpty && ahead.load().values.allSatisfy { $0.status != nil })
    let unread = RepositorySnapshot.load(repository, cache: ahead)
    #expect(unread.documents.count == plain.workloads.count)
    #expect(unread.documents.allSatisfy { $0.frontMatter == nil && $0.digest != nil && $0.recordDigest != nil })
    #expect(try Self.summary(unread, repository) == plain)
    // A file written again is read, even with the same text; the others are not.
    let path = "workloads/fraud-alert-triage.md"
    let text = try folder.read(path)
    try folder.write(path, text)
    let rewritten = RepositorySnapshot.load(repository, cache: ahead)
    #expect(rewritten.documents.filter { $0.frontMatter != nil }.map(\.path) == [path])
    #expect(try Self.summary(rewritten, repository) == plain)
    try folder.write(path, text + "\nA line more.\n")
    let edited = RepositorySnapshot.load(repository, cache: ahead)
    #expect(edited.documents.filter { $0.frontMatter != nil }.map(\.path) == [path])
    #expect(try edited.documents.first { $0.path == path }?.body(in: repository).hasSuffix("A line more.\n") == true)
    #expect(try Self.summary(edited, repository) == Self.summary(RepositorySnapshot.load(repository), repository))
    // The positions of a file not read are found in it when a diagnostic asks for one.
    let same = try #require(edited.documents.last { $0.frontMatter == nil })
    #expect(same.sourceMap.location("owner") == SourceLocation(path: same.path, line: 3, column: 8))
    // A body read after the file changed again is refused, not taken for the record's.
    let other = try #require(edited.documents.first { $0.frontMatter == nil })
    try folder.write(other.path, try folder.read(other.path) + "\nChanged since.\n")
    #expect(throws: WorkloadChanged.self) { try other.body(in: repository) }
    // Its positions too: none are given for another text.
    #expect(other.sourceMap.location("owner") == SourceLocation(path: other.path, line: 1, column: 1))
  }

  @Test("a finops.yml that does not decode does not make every load write the cache again")
  func brokenConfiguration() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    // A clock a minute ahead: every file is old enough to be recognised by its status.
    let cache = WorkloadCache(path: folder.path + "/.finops-cache/workloads.bin", clock: { FileDigests.systemClock() + 60 })
    _ = RepositorySnapshot.load(repository, cache: cache)
    _ = RepositorySnapshot.load(repository, cache: cache)
    #expect(RepositorySnapshot.load(repository, cache: cache).documents.allSatisfy { $0.frontMatter == nil })
    // Without a configuration no findings are kept, so no file can be recognised unread: the
    // files are read, and the cache is left as it is.
    try folder.write("finops.yml", try folder.read("finops.yml") + "\nnot: [closed\n")
    #expect(RepositorySnapshot.load(repository, cache: cache).configuration == nil)
    let first = try #require(FileStatus(path: cache.path))
    _ = RepositorySnapshot.load(repository, cache: cache)
    #expect(FileStatus(path: cache.path) == first, "the cache was written again though nothing changed")
  }

  @Test("a changed file is decoded again; a damaged index counts as an empty cache, a damaged record as none")
  func changes() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    let cache = WorkloadCache(path: folder.path + "/.finops-cache/workloads.bin")
    _ = RepositorySnapshot.load(repository, cache: cache)
    let path = "workloads/fraud-alert-triage.md"
    try folder.write(path, try folder.read(path).replacingOccurrences(of: "title: ", with: "title: Renamed "))
    let snapshot = RepositorySnapshot.load(repository, cache: cache)
    #expect(snapshot.documents.first { $0.path == path }?.workload.title.hasPrefix("Renamed ") == true)
    let expected = try Self.summary(snapshot, repository)
    #expect(try Self.summary(RepositorySnapshot.load(repository), repository) == expected)
    // The header's fourth line is the index's length; the records follow the index.
    let written = try #require(FileManager.default.contents(atPath: cache.path))
    let newlines = written.indices.filter { written[$0] == UInt8(ascii: "\n") }.prefix(4)
    let indexStart = try #require(newlines.last) + 1
    let indexLength = try #require(Int(String(decoding: written[newlines[2] + 1..<newlines[3]], as: UTF8.self)))
    let recordsStart = indexStart + indexLength
    #expect(recordsStart < written.count)
    let count = cache.load().count
    #expect(count > 10 && cache.load().values.allSatisfy { $0.decode() != nil })
    // A record's checksum holds its file's path and text fingerprint: read under another
    // entry's, it does not match.
    var moved = try #require(cache.load()[path])
    moved.path = "workloads/other.md"
    #expect(moved.decode() == nil)
    moved = try #require(cache.load()[path])
    moved.digest = ContentHash("another text")
    #expect(moved.decode() == nil)

    var bytes = written
    bytes[indexStart + indexLength / 2] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.load().isEmpty)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == expected)
    #expect(cache.load().count == count)

    // One byte of one record: that record does not read, the others do, and its file is decoded.
    bytes = written
    bytes[recordsStart + (written.count - recordsStart) / 2] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: cache.path))
    let entries = cache.load()
    #expect(entries.count == count)
    #expect(entries.values.count { $0.decode() == nil } == 1)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == expected)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == expected)
  }

  @Test("the entries are read in the listing's order, without an index, only when the cache holds exactly the files listed")
  func listedOrder() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    let cache = WorkloadCache(path: folder.path + "/.finops-cache/workloads.bin")
    _ = RepositorySnapshot.load(repository, cache: cache)
    let file = try #require(cache.file())
    let index = cache.index(file)
    // Only files that decode without error are kept.
    let paths = try repository.workloadPaths().filter { index[$0] != nil }
    #expect(paths.count == index.count && paths.count > 10)
    let listed = try #require(cache.entries(in: file, listed: paths))
    #expect(listed.map(\.path) == paths)
    #expect(listed.map(\.digest) == paths.map { index[$0]!.digest })
    #expect(listed.map(\.status) == paths.map { index[$0]!.status })
    #expect(cache.entries(in: file, listed: Array(paths.dropLast())) == nil, "a file fewer")
    #expect(cache.entries(in: file, listed: paths.reversed()) == nil, "another order")
    var renamed = paths
    renamed[3] += "x"
    #expect(cache.entries(in: file, listed: renamed) == nil, "another name")
    var sameLength = paths
    sameLength[3] = String(paths[3].dropLast()) + "x"
    #expect(cache.entries(in: file, listed: sameLength) == nil, "another name as long")
    // Parsed once, matched against any listing.
    let parsed = try #require(cache.parsed(file))
    #expect(cache.matched(parsed, listed: paths)?.map(\.path) == paths)
    #expect(cache.matched(parsed, listed: sameLength) == nil)
  }

  @Test("records kept in memory between loads are exactly what the cache gives, and follow every change")
  func resident() throws {
    let folder = try Self.repository()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    let resident = WorkloadCache.Resident()
    // A clock a minute ahead: files are recognised by their status, as in a server's rebuilds.
    let cache = WorkloadCache(
      path: folder.path + "/.finops-cache/workloads.bin", clock: { FileDigests.systemClock() + 60 }, resident: resident)
    let plain = try Self.summary(RepositorySnapshot.load(repository), repository)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)
    // Every record read from the cache file is now kept, and the next load takes it from memory.
    let kept = resident.count
    #expect(kept == cache.load().count && kept > 10)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)

    // An edit: the file is decoded again, never taken from memory under its old text.
    let path = "workloads/fraud-alert-triage.md"
    let text = try folder.read(path)
    try folder.write(path, text.replacingOccurrences(of: "title: ", with: "title: Renamed "))
    let edited = RepositorySnapshot.load(repository, cache: cache)
    #expect(edited.documents.first { $0.path == path }?.workload.title.hasPrefix("Renamed ") == true)
    #expect(try Self.summary(edited, repository) == Self.summary(RepositorySnapshot.load(repository), repository))
    // Edited back to the old text: the record kept for that text is the right one again.
    try folder.write(path, text)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == plain)

    // The cache file replaced by another process (here: removed, then written by a load without
    // this memory): its index is read again, not taken from memory.
    let other = try folder.read("workloads/fnol-claims-assistant.md")
    try folder.write("workloads/fnol-claims-assistant.md", other.replacingOccurrences(of: "title: ", with: "title: Other "))
    try FileManager.default.removeItem(atPath: cache.path)
    let elsewhere = WorkloadCache(path: cache.path, clock: { FileDigests.systemClock() + 60 })
    _ = RepositorySnapshot.load(repository, cache: elsewhere)
    let entries = elsewhere.load()
    #expect(entries["workloads/fnol-claims-assistant.md"].map { $0.digest == ContentHash(other) } == false)
    let changed = try Self.summary(RepositorySnapshot.load(repository), repository)
    #expect(changed != plain)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == changed)
    #expect(try Self.summary(RepositorySnapshot.load(repository, cache: cache), repository) == changed)

    // A removed file's record is let go.
    let before = resident.count
    try FileManager.default.removeItem(atPath: folder.path + "/" + path)
    _ = RepositorySnapshot.load(repository, cache: cache)
    #expect(resident.count == before - 1)
  }
}
