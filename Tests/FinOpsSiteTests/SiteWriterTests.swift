import FinOpsCore
@testable import FinOpsSite
import FinOpsTemplates
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Writing the site to disk")
struct SiteWriterTests {
  @Test("a page's fragments survive the manifest: kept as read until asked for, then each as it was")
  func manifestFragments() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("page.html", "<p>x</p>")
    let needs = [TemplateNeed(name: "sla", found: ContentHash("nothing")), TemplateNeed(name: "naïve", found: ContentHash("x"))]
    let fragments = [
      TemplateFragment(key: ContentHash("a"), range: 3..<10, needs: needs),
      TemplateFragment(key: ContentHash("b"), range: 10..<4_000_000, needs: []),
      TemplateFragment(key: ContentHash("c"), range: 4_000_007..<4_000_009, needs: needs),
    ]
    var entry = try #require(PageManifest.Entry(file: folder.path + "/page.html", key: "k"))
    entry.fragments = .made(fragments)
    var plain = try #require(PageManifest.Entry(file: folder.path + "/page.html", key: "plain"))
    plain.parts = [FilePart(key: "time", range: 1..<2)]
    let path = folder.path + "/pages.bin"
    try PageManifest(target: "/site", entries: ["page.html": entry, "plain.html": plain]).save(to: path)
    let loaded = PageManifest.load(path, target: "/site")
    #expect(loaded.pages == ["page.html", "plain.html"], "in the manifest's order: by page")
    let read = try #require(loaded["page.html"])
    guard case .stored = read.fragments else { Issue.record("read at once: \(read.fragments)"); return }
    #expect(read.fragments.decoded() == fragments)
    #expect(loaded["plain.html"]?.fragments.isEmpty == true && loaded["plain.html"]?.parts == plain.parts)
    // Saved again as read, without decoding: the same manifest.
    try PageManifest(target: "/site", entries: loaded.dictionary).save(to: path + "2")
    #expect(PageManifest.load(path + "2", target: "/site")["page.html"]?.fragments.decoded() == fragments)
    #expect(FileManager.default.contentsEqual(atPath: path, andPath: path + "2"))
    #expect(PageManifest.load(path, target: "/elsewhere").isEmpty, "another folder's manifest is not read")
  }

  @Test("entries read from a manifest are written again as they lie, joined in page order with new ones")
  func manifestRuns() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("page.html", "<p>x</p>")
    let file = try #require(PageManifest.Entry(file: folder.path + "/page.html", key: "k"))
    func entry(_ key: String) -> PageManifest.Entry {
      var entry = file
      entry.key = key
      return entry
    }
    let all = Dictionary(uniqueKeysWithValues: (0..<40).map { ("p\($0 + 10).html", entry("key \($0)")) })
    let path = folder.path + "/pages.bin"
    try PageManifest(target: "/site", entries: all).save(to: path)
    let loaded = PageManifest.load(path, target: "/site")
    let pages = loaded.pages
    #expect(pages == all.keys.sorted())
    #expect(pages.indices.allSatisfy { loaded.position(of: pages[$0]) == $0 })
    #expect(loaded.position(of: "p0.html") == nil && loaded.position(of: "p99.html") == nil)
    #expect(loaded.position(of: "p10.htm") == nil && loaded.position(of: "p10.html ") == nil)
    // Some kept as read (in runs, out of order), one changed, two new and one under another page.
    var kept = pages.enumerated().filter { $0.offset % 7 != 3 }.map { ($0.element, loaded[$0.element]!) }
    kept.swapAt(0, 5)
    var changed = loaded["p12.html"]!
    changed.status.size += 1
    var fresh: [String: PageManifest.Entry] = ["p12.html": changed, "p0.html": entry("new"), "p99.html": entry("new")]
    fresh["p55.html"] = loaded["p13.html"]
    kept.removeAll { fresh[$0.0] != nil }
    try PageManifest.save(
      [PageManifest.Encoded(kept), PageManifest.Encoded(fresh)], target: "/site", to: path + "2")
    let expected = Dictionary(kept, uniquingKeysWith: { first, _ in first }).merging(fresh) { _, new in new }
    let again = PageManifest.load(path + "2", target: "/site")
    #expect(again.dictionary == expected)
    #expect(again.pages == expected.keys.sorted())
    // The same bytes as the entries encoded afresh.
    try PageManifest(target: "/site", entries: expected.mapValues { entry in
      var fresh = entry
      fresh.key = entry.key
      return fresh
    }).save(to: path + "3")
    #expect(FileManager.default.contentsEqual(atPath: path + "2", andPath: path + "3"))
  }

  @Test("a manifest whose pages are out of order, or one twice, is not read", arguments: [
    ["a.html", "b.html"], ["b.html", "a.html"], ["a.html", "a.html"],
  ])
  func manifestOrder(pages: [String]) throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("page.html", "<p>x</p>")
    let entry = try #require(PageManifest.Entry(file: folder.path + "/page.html", key: "k"))
    var out = BinaryWriter(interning: false)
    out.unsigned(UInt64(pages.count))
    for page in pages {
      out.string(page)
      out.string(entry.key)
      out.fileStatus(entry.status)
      out.array([FilePart]()) { _, _ in }
      out.unsigned(0)
    }
    let path = folder.path + "/pages.bin"
    try CacheFile.store(path, kind: "pages", key: ContentHash(PageManifest.format + " /site").hex, payload: out.bytes)
    let loaded = PageManifest.load(path, target: "/site")
    #expect(loaded.pages == (pages == pages.sorted() && Set(pages).count == pages.count ? pages : []))
  }

  @Test("a file written in pieces holds exactly the pieces, and the disk site equals the in-memory one")
  func streamed() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let writer = try SiteWriter(output: folder.path + "/site")
    try writer.write("api/big.json") { sink in
      for piece in ["{\n", "", "  \"a\" : 1", ",\n  \"b\" : ", "\"é\"\n}\n"] {
        var bytes = Array(piece.utf8)
        try sink(&bytes)
      }
    }
    try SiteBuilder(SiteFixture.input).build(into: writer)
    try writer.commit()
    #expect(try folder.read("site/api/big.json") == "{\n  \"a\" : 1,\n  \"b\" : \"é\"\n}\n")
    // The export is the one page written in pieces: on disk it is what the in-memory build holds.
    let memory = try SiteBuilder(SiteFixture.input).build()
    #expect(try folder.read("site/api/workloads.json") == memory["api/workloads.json"])
    #expect(try folder.read("site/index.html") == memory["index.html"])
  }

  @Test("a file is spliced from pieces and ranges of the last build's file, copied unread; one changed meanwhile fails the write")
  func splicing() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let site = folder.path + "/site", manifest = folder.path + "/pages.bin"
    let first = try SiteWriter(output: site, manifest: manifest)
    let old = Array("[one,two,three]".utf8)
    try first.write("api/list.json", old)
    first.keep("api/list.json", key: "", parts: [FilePart(key: "one", range: 1..<4), FilePart(key: "three", range: 9..<14)])
    try first.commit()

    let second = try SiteWriter(output: site, manifest: manifest)
    let previous = try #require(second.previousUnread("api/list.json"))
    #expect(!previous.isRead && previous.bytes.isEmpty)
    #expect(previous.place("three")?.index == 1 && previous.place("three")?.range == 9..<14)
    try second.write("api/list.json", splicing: previous) { sink, copy in
      var open = Array("[".utf8)
      try sink(&open)
      try copy(9..<14)
      var middle = Array(",2,".utf8)
      try sink(&middle)
      try copy(1..<4)
      try copy(0..<1)
      var close = Array("]".utf8)
      try sink(&close)
    }
    second.keep("api/list.json", key: "", parts: [FilePart(key: "one", range: 10..<13)])
    try second.commit()
    #expect(try folder.read("site/api/list.json") == "[three,2,one[]")

    // The same through an output that gathers the file in memory, from the bytes.
    let memory = SiteFiles()
    let read = try #require(PreviousFile(bytes: old, parts: []))
    try memory.write("x", splicing: read) { sink, copy in
      try copy(1..<4)
      var piece = Array("+".utf8)
      try sink(&piece)
      try copy(5..<8)
    }
    #expect(memory.files["x"] == "one+two")

    // Written to in place after it was found unchanged: the build stops rather than mix two.
    let third = try SiteWriter(output: site, manifest: manifest)
    let unread = try #require(third.previousUnread("api/list.json"))
    let handle = try #require(FileHandle(forWritingAtPath: site + "/api/list.json"))
    handle.seekToEndOfFile()
    handle.write(Data("x".utf8))
    try handle.close()
    #expect(throws: SiteWriteError.self) {
      try third.write("api/list.json", splicing: unread) { _, copy in try copy(0..<3) }
    }
    third.abandon()
  }

  @Test("a page's folder is its path split at slashes without the last part, whatever the path")
  func folders() {
    for path in [
      "index.html", "workloads/a.html", "feeds/people/p.xml", "", "/", "a//b/c", "/a/b", "a/b/",
      "spaces/é/x.html", "a\u{301}/b", "a/\u{301}b", "assets/x/y/z.css",
    ] {
      #expect(SiteWriter.folder(of: path) == path.split(separator: "/").dropLast().joined(separator: "/"), "\(path)")
    }
  }

  @Test("a file is right in a folder exactly when that is its folder")
  func directlyIn() {
    let paths = [
      "index.html", "workloads/a.html", "workloads/b/a.html", "workloadsx/a.html", "feeds/people/p.xml", "", "/",
      "a//b/c", "/a/b", "a/b/", "spaces/é/x.html", "a\u{301}/b", "a/\u{301}b", "/x.html", "a/",
    ]
    let folders = ["", "workloads", "workloads/b", "feeds/people", "feeds", "a", "a/b", "spaces/é", "a\u{301}", "/a"]
    for path in paths {
      for folder in folders {
        #expect(SiteWriter.isDirectly(path, in: folder) == (SiteWriter.folder(of: path) == folder), "\(path) in \(folder)")
      }
    }
  }

  @Test("a build after one updates the site in place: kept pages stay, the rest is replaced or removed, a failed build changes nothing")
  func inPlace() throws {
    let place = try SiteFolder()
    defer { place.folder.remove() }
    let (folder, site, manifest, inode) = (place.folder, place.site, place.manifest, place.inode)
    let first = try SiteWriter(output: site, manifest: manifest)
    try first.write("index.html", Array("one".utf8))
    for page in ["a", "b"] {
      try first.write("pages/\(page).html", Array(page.utf8))
      first.keep("pages/\(page).html", key: page)
    }
    try first.write("gone/old.html", Array("old".utf8))
    try first.commit()
    let kept = try inode("pages/a.html")

    // Nothing is touched until commit; an abandoned build leaves the site as it was.
    let failed = try SiteWriter(output: site, manifest: manifest)
    #expect(try failed.reuse("pages/a.html", key: "a"))
    try failed.write("index.html", Array("never".utf8))
    failed.abandon()
    #expect(try folder.read("site/index.html") == "one")
    #expect(try folder.read("site/gone/old.html") == "old")

    let second = try SiteWriter(output: site, manifest: manifest)
    #expect(try second.reuse("pages/a.html", key: "a"))
    #expect(!(try second.reuse("pages/b.html", key: "b2")))
    try second.write("pages/b.html", Array("b2".utf8))
    try second.write("index.html", Array("two".utf8))
    try second.commit()
    #expect(second.reused == 1)
    #expect(try inode("pages/a.html") == kept)
    #expect(try folder.read("site/pages/b.html") == "b2")
    #expect(try folder.read("site/index.html") == "two")
    #expect(!FileManager.default.fileExists(atPath: site + "/gone"))
    #expect(Set(try FileManager.default.subpathsOfDirectory(atPath: site)) == ["index.html", "pages", "pages/a.html", "pages/b.html"])
    #expect((try FileManager.default.contentsOfDirectory(atPath: folder.path)).sorted() == ["pages.bin", "site"])

    // A kept page moved away and linked to is not taken, nor one changed by hand.
    try FileManager.default.moveItem(atPath: site + "/pages/a.html", toPath: site + "/a.html")
    try FileManager.default.createSymbolicLink(atPath: site + "/pages/a.html", withDestinationPath: site + "/a.html")
    let third = try SiteWriter(output: site, manifest: manifest)
    #expect(!(try third.reuse("pages/a.html", key: "a")))
    third.abandon()
    try FileManager.default.removeItem(atPath: site + "/pages/a.html")
    try folder.write("site/pages/a.html", "edited")
    let fourth = try SiteWriter(output: site, manifest: manifest)
    #expect(!(try fourth.reuse("pages/a.html", key: "a")))
    fourth.abandon()
  }

  @Test("a new build time is written over the old in the file, at commit; not into an edited, linked or mismatched file; a page changed meanwhile fails the commit")
  func redateInPlace() throws {
    let place = try SiteFolder()
    defer { place.folder.remove() }
    let (folder, site, manifest, inode) = (place.folder, place.site, place.manifest, place.inode)
    let page = "<p>09:00</p> and 09:00."
    let places = [FilePart(key: "time", range: 3..<8), FilePart(key: "time", range: 17..<22)]
    let first = try SiteWriter(output: site, manifest: manifest)
    for name in ["a", "b", "c", "d"] {
      try first.write("pages/\(name).html", Array(page.utf8))
      first.keep("pages/\(name).html", key: "k 09:00", parts: places)
    }
    try first.commit()
    let kept = try inode("pages/a.html")

    // Nothing is written until commit: an abandoned build leaves the old time.
    let failed = try SiteWriter(output: site, manifest: manifest)
    #expect(try failed.redate("pages/a.html", key: "k", time: "09:01"))
    failed.abandon()
    #expect(try folder.read("site/pages/a.html") == page)

    try FileManager.default.linkItem(atPath: site + "/pages/b.html", toPath: folder.path + "/b-backup.html")
    try folder.write("site/pages/c.html", "<p>09:00</p> and 09:00!")
    let second = try SiteWriter(output: site, manifest: manifest)
    #expect(try second.redate("pages/a.html", key: "k", time: "09:01"))
    #expect(!(try second.redate("pages/b.html", key: "k", time: "09:01")), "a file with another name too")
    #expect(!(try second.redate("pages/c.html", key: "k", time: "09:01")), "a file edited since")
    #expect(!(try second.redate("pages/d.html", key: "other", time: "09:01")), "another key")
    #expect(!(try second.redate("pages/d.html", key: "k", time: "9:01")), "a time of another length")
    #expect(!(try second.redate("pages/e.html", key: "k", time: "09:01")), "no such page")
    for name in ["b", "c", "d"] { try second.write("pages/\(name).html", Array("made again".utf8)) }
    try second.commit()
    #expect(try folder.read("site/pages/a.html") == "<p>09:01</p> and 09:01.")
    #expect(try inode("pages/a.html") == kept)
    #expect(try folder.read("b-backup.html") == page)
    #expect(try folder.read("site/pages/b.html") == "made again")

    // Kept under the new time, at the new status: the next minute's build writes over it again.
    let third = try SiteWriter(output: site, manifest: manifest)
    #expect(try third.reuse("pages/a.html", key: "k 09:01"))
    third.abandon()
    let fourth = try SiteWriter(output: site, manifest: manifest)
    #expect(try fourth.redate("pages/a.html", key: "k", time: "09:02"))
    // Changed after it was looked at, before commit (by another process): the build fails,
    // and nothing of it is put in place.
    let fifth = try SiteWriter(output: site, manifest: manifest)
    fourth.abandon()
    #expect(try fifth.redate("pages/a.html", key: "k", time: "09:02"))
    try fifth.write("pages/new.html", Array("new".utf8))
    try folder.write("site/pages/a.html", "<p>hand</p> and edited.")
    #expect(throws: SiteWriteError.self) { try fifth.commit() }
    #expect(try folder.read("site/pages/a.html") == "<p>hand</p> and edited.")
    #expect(!FileManager.default.fileExists(atPath: site + "/pages/new.html"))
    let sixth = try SiteWriter(output: site, manifest: manifest)
    #expect(!(try sixth.redate("pages/a.html", key: "k", time: "09:03")))
    #expect(!(try sixth.reuse("pages/a.html", key: "k 09:02")))
    sixth.abandon()
  }

  @Test("carry leaves and re-dates the same pages whether it looked at them ahead or not; an edited page stops either; one re-dated and changed after fails the commit")
  func carryLookingAhead() throws {
    let place = try SiteFolder()
    defer { place.folder.remove() }
    let (folder, site, manifest) = (place.folder, place.site, place.manifest)
    /// Writes the three pages, b with the build time 09:00, and commits.
    func build(_ writer: SiteWriter) throws {
      for name in ["a", "c"] {
        try writer.write("pages/\(name).html", Array(name.utf8))
        writer.keep("pages/\(name).html", key: name)
      }
      try writer.write("pages/b.html", Array("<p>09:00</p>".utf8))
      writer.keep("pages/b.html", key: "k 09:00", parts: [FilePart(key: "time", range: 3..<8)])
      try writer.commit()
    }
    try build(try SiteWriter(output: site, manifest: manifest))
    let times = [(old: "09:00", new: "09:01")]
    for lookAhead in [false, true] {
      let writer = try SiteWriter(output: site, manifest: manifest, lookAhead: lookAhead)
      #expect(writer.carry(except: ["pages/c.html"], times: times))
      #expect(writer.reused == 1 && writer.redatedCount == 1, "looking ahead: \(lookAhead)")
      writer.abandon()
    }
    try folder.write("site/pages/a.html", "edited")
    for lookAhead in [false, true] {
      let writer = try SiteWriter(output: site, manifest: manifest, lookAhead: lookAhead)
      #expect(!writer.carry(except: [], times: times), "looking ahead: \(lookAhead)")
      writer.abandon()
    }
    // Counted ahead: a file put in the site before is removed at the commit; one put there
    // after it was looked at stays until the next build, as one put there after any build's
    // look at the folders does.
    try folder.write("site/pages/a.html", "a")
    try folder.write("site/pages/extra.html", "put there by hand")
    let counted = try SiteWriter(output: site, manifest: manifest, lookAhead: true)
    #expect(!counted.carry(except: [], times: times), "a.html is not as the last build wrote it")
    try build(counted)
    #expect(!FileManager.default.fileExists(atPath: site + "/pages/extra.html"))
    let late = try SiteWriter(output: site, manifest: manifest, lookAhead: true)
    #expect(late.carry(except: ["pages/c.html"], times: times))
    try late.write("pages/c.html", Array("c".utf8))
    late.keep("pages/c.html", key: "c")
    try folder.write("site/pages/late.html", "put there while the build ran")
    try late.commit()
    #expect(FileManager.default.fileExists(atPath: site + "/pages/late.html"))
    let next = try SiteWriter(output: site, manifest: manifest, lookAhead: true)
    #expect(next.carry(except: ["pages/c.html"], times: [(old: "09:01", new: "09:02")]))
    try next.write("pages/c.html", Array("c".utf8))
    next.keep("pages/c.html", key: "c")
    try next.commit()
    #expect(!FileManager.default.fileExists(atPath: site + "/pages/late.html"))
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: site + "/pages")) == ["a.html", "b.html", "c.html"])
    // A writer that looked ahead but is used by a whole build (no `carry`), which takes seconds:
    // its commit counts the folders again, and a file put there meanwhile goes.
    let whole = try SiteWriter(output: site, manifest: manifest, lookAhead: true)
    Thread.sleep(forTimeInterval: 0.2)
    try folder.write("site/pages/during.html", "put there while a whole build ran")
    try build(whole)
    #expect(!FileManager.default.fileExists(atPath: site + "/pages/during.html"))

    // Looked at ahead, then changed before the commit: the commit looks again, and fails.
    let writer = try SiteWriter(output: site, manifest: manifest, lookAhead: true)
    #expect(writer.carry(except: ["pages/a.html"], times: [(old: "09:00", new: "09:03")]))
    try writer.write("pages/a.html", Array("a".utf8))
    try folder.write("site/pages/b.html", "<p>hand</p>")
    #expect(throws: SiteWriteError.self) { try writer.commit() }
    #expect(try folder.read("site/pages/b.html") == "<p>hand</p>")
  }

  @Test("in place, names are files byte for byte, a linked folder is replaced, a restored time does not hide an edit, leftovers of dead builds go")
  func inPlaceEdges() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let site = folder.path + "/site", manifest = folder.path + "/pages.bin"
    let composed = "assets/caf\u{E9}.css", decomposed = "assets/cafe\u{301}.css"
    let first = try SiteWriter(output: site, manifest: manifest)
    for (path, text) in [(composed, "css"), ("pages/a.html", "aaaa"), ("pages/b.html", "bbbb")] {
      try first.write(path, Array(text.utf8))
      first.keep(path, key: path)
    }
    try first.commit()
    // A file whose name is the site's in another Unicode spelling is another file.
    try Data("stray".utf8).write(to: URL(fileURLWithPath: site + "/" + decomposed))
    // Edited to the same size, its modification time put back: the change time tells.
    let page = site + "/pages/b.html"
    let modified = try #require(FileManager.default.attributesOfItem(atPath: page)[.modificationDate] as? Date)
    try Data("BBBB".utf8).write(to: URL(fileURLWithPath: page))
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: page)
    // What a build killed long ago left beside the site goes; a recent one may be a build's
    // in another container.
    try FileManager.default.createDirectory(atPath: folder.path + "/.site.new-999999/x", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: folder.path + "/.site.new-999998/x", withIntermediateDirectories: true)
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: folder.path + "/.site.new-999999")

    let second = try SiteWriter(output: site, manifest: manifest)
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/.site.new-999999"))
    #expect(FileManager.default.fileExists(atPath: folder.path + "/.site.new-999998"))
    #expect(try second.reuse(composed, key: composed))
    #expect(try second.reuse("pages/a.html", key: "pages/a.html"))
    #expect(!(try second.reuse("pages/b.html", key: "pages/b.html")))
    try second.write("pages/b.html", Array("bbbb".utf8))
    second.keep("pages/b.html", key: "pages/b.html")
    try second.commit()
    let assets = try FileManager.default.contentsOfDirectory(atPath: site + "/assets")
    #expect(assets.count == 1 && Array(assets[0].utf8) == Array(composed.dropFirst("assets/".count).utf8))
    #expect(try folder.read("site/pages/b.html") == "bbbb")

    // A folder of the site replaced by a link to a copy: its pages are not left in place (the
    // commit puts a folder there), so none is lost.
    try FileManager.default.moveItem(atPath: site + "/pages", toPath: folder.path + "/elsewhere")
    try FileManager.default.createSymbolicLink(atPath: site + "/pages", withDestinationPath: folder.path + "/elsewhere")
    let third = try SiteWriter(output: site, manifest: manifest)
    #expect(!(try third.reuse("pages/a.html", key: "pages/a.html")))
    #expect(try third.reuse(composed, key: composed))
    for page in ["pages/a.html", "pages/b.html"] {
      try third.write(page, Array(page.utf8))
      third.keep(page, key: page)
    }
    try third.commit()
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: site + "/pages", isDirectory: &isFolder) && isFolder.boolValue)
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: site + "/pages")) == nil)
    #expect(try folder.read("site/pages/a.html") == "pages/a.html")
  }
}

/// A temporary folder for a site written in place: the site's folder and its manifest in it.
struct SiteFolder {
  let folder: TemporaryDirectory
  var site: String { folder.path + "/site" }
  var manifest: String { folder.path + "/pages.bin" }

  init() throws { folder = try TemporaryDirectory() }

  /// The inode of the site's file at `path`.
  func inode(_ path: String) throws -> UInt64 {
    try #require(FileManager.default.attributesOfItem(atPath: site + "/" + path)[.systemFileNumber] as? UInt64)
  }
}
