import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsSite

@Suite("Feeds kept from the last build")
struct FeedsReuseTests {
  /// The fixture as a cached build has it (an identity, each file's and record's fingerprints),
  /// with a person on the roster whom no event concerns, at `now`.
  static func input(now: String, title: String = "Policy Helper", body: String = "") -> SiteInput {
    var input = SiteFixture.input
    input.identity = "build"
    input.now = SiteFixture.time(now)
    input.configuration.roster = Roster(
      input.configuration.roster.people + [Person(email: "quiet@example.com", name: "Quiet Reader", personas: [])])
    input.workloads = input.workloads.map { item in
      var item = item
      if item.workload.slug == "policy-helper" { item.workload.title = title }
      item.recordDigest = ContentHash(item.path + item.workload.title)
      item.digest = ContentHash(item.path + item.workload.title + body)
      return item
    }
    return input
  }

  /// Builds `input` into `site` (updated in place) and returns its feeds, by path, with the
  /// paths that were taken from the last build.
  static func build(_ input: SiteInput, in folder: TemporaryDirectory) throws -> (feeds: [String: String], kept: Set<String>) {
    let site = folder.path + "/site"
    let before = Self.inodes(site)
    let writer = try SiteWriter(output: site, manifest: folder.path + "/pages.bin")
    try SiteBuilder(input).build(into: writer)
    try writer.commit()
    let after = Self.inodes(site)
    let feeds = try Dictionary(
      uniqueKeysWithValues: after.keys.map { ($0, try String(contentsOfFile: site + "/" + $0, encoding: .utf8)) })
    return (feeds, Set(after.keys.filter { before[$0] == after[$0] }))
  }

  static func inodes(_ site: String) -> [String: UInt64] {
    var found: [String: UInt64] = [:]
    for path in (try? FileManager.default.subpathsOfDirectory(atPath: site + "/feeds")) ?? [] where path.hasSuffix(".xml") {
      found["feeds/" + path] = (try? FileManager.default.attributesOfItem(atPath: site + "/feeds/" + path))?[.systemFileNumber] as? UInt64
    }
    return found
  }

  /// The feeds a build without anything kept makes.
  static func fresh(_ input: SiteInput) throws -> [String: String] {
    try SiteBuilder(input).build().filter { $0.key.hasPrefix("feeds/") }
  }

  @Test("an edit of a description or a later clock keeps the feeds; an edit of a record or the roster makes them again")
  func kept() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let first = Self.input(now: "2026-11-27T09:00:00Z")
    let built = try Self.build(first, in: folder)
    #expect(built.feeds == (try Self.fresh(first)))
    #expect(built.feeds.count == Persona.allCases.count + 4)
    let quiet = "feeds/people/quiet-example-com.xml"
    // A feed without entries is as new as the repository's newest entry, not the build.
    #expect(built.feeds[quiet]?.contains("<updated>2026-11-27T09:00:00Z</updated>") == false)
    #expect(built.feeds[quiet]?.contains("<entry>") == false)
    let newest = built.feeds.values.compactMap { feed in
      feed.firstMatch(of: /<updated>([^<]*)<\/updated>/).map { String($0.1) }
    }.max()
    #expect(newest != nil && built.feeds[quiet]?.contains("<updated>\(newest ?? "")</updated>") == true)

    // The same build again: every feed is kept, the empty one too (its time is the same).
    let again = try Self.build(first, in: folder)
    #expect(again.kept == Set(built.feeds.keys) && again.feeds == built.feeds)

    // A description edited, a minute later: every feed is kept, the one without entries too.
    let edited = Self.input(now: "2026-11-27T09:01:00Z", body: "edited")
    let second = try Self.build(edited, in: folder)
    #expect(second.feeds == (try Self.fresh(edited)))
    #expect(second.kept == Set(built.feeds.keys))

    // A title edited: the feeds that show it are made again.
    let renamed = Self.input(now: "2026-11-27T09:01:00Z", title: "Policy Helper 2")
    let third = try Self.build(renamed, in: folder)
    #expect(third.feeds == (try Self.fresh(renamed)))
    #expect(third.kept.isEmpty)
    #expect(third.feeds["feeds/finops-lead.xml"]?.contains("Policy Helper 2 (policy-helper/m3x9)") == true)

    // A roster without the quiet reader: their feed goes, the others are made again.
    var smaller = renamed
    smaller.configuration.roster = SiteFixture.configuration.roster
    smaller.identity = "build with another roster"
    let fourth = try Self.build(smaller, in: folder)
    #expect(fourth.feeds == (try Self.fresh(smaller)))
    #expect(fourth.feeds[quiet] == nil && fourth.kept.isEmpty)

    // Without a fingerprint of every record, nothing is kept.
    var unknown = smaller
    unknown.workloads[0].recordDigest = nil
    let fifth = try Self.build(unknown, in: folder)
    #expect(fifth.feeds == (try Self.fresh(unknown)) && fifth.kept.isEmpty)
  }
}
