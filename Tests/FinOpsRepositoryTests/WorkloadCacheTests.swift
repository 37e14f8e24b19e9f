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

  static func summary(_ snapshot: RepositorySnapshot) -> Summary {
    Summary(
      diagnostics: snapshot.diagnostics.map(\.description),
      workloads: Dictionary(uniqueKeysWithValues: snapshot.documents.map { ($0.path, $0.workload) }),
      bodies: Dictionary(uniqueKeysWithValues: snapshot.documents.map { ($0.path, $0.frontMatter.body) }))
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
    let plain = Self.summary(RepositorySnapshot.load(repository))
    #expect(plain.diagnostics.contains { $0.contains("error:") } && plain.workloads.count > 10)
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == plain)
    // Fingerprints are what a cache adds: every document of a load with one has its text's.
    #expect(RepositorySnapshot.load(repository, cache: cache).documents.allSatisfy { $0.digest != nil })
    #expect(RepositorySnapshot.load(repository).documents.allSatisfy { $0.digest == nil })
    let entries = cache.load()
    #expect(!entries.isEmpty && entries["workloads/bad-values.md"] == nil)
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == plain)
    // A roster change: records come from the cache, the rules that read the roster run again
    // and point at the same places.
    try folder.write(
      "finops.yml", try folder.read("finops.yml").replacingOccurrences(of: "maria.gonzalez@northwind.example", with: "maria.g@northwind.example"))
    let changed = Self.summary(RepositorySnapshot.load(repository))
    #expect(changed.diagnostics.count > plain.diagnostics.count)
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == changed)
    // What the rules found is kept with each record for the configuration they read, and
    // taken as it is while that configuration is the one loaded.
    let digest = try #require(RepositorySnapshot.load(repository).configurationDigest)
    let kept = cache.load()
    #expect(!kept.isEmpty && kept.values.allSatisfy { $0.validation?.configuration == digest })
    #expect(kept.values.contains { $0.validation?.diagnostics.contains { $0.rule == "roster.unknown-person" } == true })
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == changed)
    try folder.write(
      "finops.yml", try folder.read("finops.yml").replacingOccurrences(of: "maria.g@northwind.example", with: "maria.gonzalez@northwind.example"))
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == plain)
  }

  @Test("a changed file is decoded again; a damaged cache counts as empty")
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
    #expect(Self.summary(snapshot) == Self.summary(RepositorySnapshot.load(repository)))
    var bytes = try #require(FileManager.default.contents(atPath: cache.path))
    bytes[bytes.count / 2] ^= 0x20
    try bytes.write(to: URL(fileURLWithPath: cache.path))
    #expect(cache.load().isEmpty)
    #expect(Self.summary(RepositorySnapshot.load(repository, cache: cache)) == Self.summary(snapshot))
    #expect(!cache.load().isEmpty)
  }
}
