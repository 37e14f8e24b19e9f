import ArgumentParser
import FinOpsCLI
import FinOpsTestSupport
import Foundation
import Testing

/// Runs `finops` in-process with captured output.
struct Run {
  var code: Int32
  var output: String
  var errors: String

  init(_ arguments: [String], in directory: String = Paths.repositoryRoot, environment: [String: String] = [:]) {
    let context = Context(
      environment: environment, currentDirectory: directory, output: Stream(), errors: Stream())
    code = FinOpsCommand.run(arguments, in: context)
    output = context.output.text
    errors = context.errors.text
  }
}

enum Paths {
  static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let repositoryRoot = tests.deletingLastPathComponent().deletingLastPathComponent().path
  static func fixture(_ name: String) -> String { tests.appendingPathComponent("Fixtures/\(name)").path }
}

@Suite("finops check")
struct CheckCommandTests {
  @Test("the shipped demo repository passes")
  func demoPasses() {
    let run = Run(["check"])
    #expect(run.code == 0, "\(run.output)")
    #expect(run.output.isEmpty)
    #expect(run.errors.contains("0 errors"))
  }

  @Test("it finds the repository root from a subfolder")
  func findsRoot() {
    let run = Run(["check"], in: Paths.repositoryRoot + "/workloads")
    #expect(run.code == 0)
  }

  @Test("every problem is reported in one run, sorted, with exit 1", arguments: ["text", "github", "json"])
  func brokenRepository(format: String) {
    let run = Run(["check", "--root", Paths.fixture("broken-repo"), "--format", format])
    #expect(run.code == 1)
    assertGolden(run.output, named: "broken-repo.\(format)")
  }

  @Test("problems in finops.yml are reported with config rule ids")
  func brokenConfiguration() {
    let run = Run(["check", "--root", Paths.fixture("broken-config")])
    #expect(run.code == 1)
    assertGolden(run.output, named: "broken-config.text")
  }

  @Test("usage errors exit 64", arguments: [
    ["check", "--format", "xml"], ["check", "--root", "/nonexistent"], ["frobnicate"],
  ])
  func usage(arguments: [String]) {
    let run = Run(arguments)
    #expect(run.code == 64)
    #expect(!run.errors.isEmpty)
  }

  @Test("outside a governance repository it says how to find one")
  func noRepository() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let run = Run(["check"], in: folder.path)
    #expect(run.code == 64)
    #expect(run.errors.contains("no finops.yml"))
  }

  @Test("the built binary checks the demo and exits 0")
  func binary() throws {
    let products = Bundle.main.bundleURL.deletingLastPathComponent()
    var binary = products.appendingPathComponent("finops")
    if !FileManager.default.fileExists(atPath: binary.path) {
      binary = URL(fileURLWithPath: Paths.repositoryRoot + "/.build/debug/finops")
    }
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build finops first")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["check", "--root", Paths.repositoryRoot]
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = Pipe()
    try process.run()
    let stderr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(stderr.contains("workload files: 0 errors"))
  }
}

@Suite("finops build")
struct BuildCommandTests {
  @Test("the demo repository builds a complete site")
  func demo() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let run = Run(["build", "--output", folder.path + "/site"])
    #expect(run.code == 0, "\(run.errors)")
    for page in ["index.html", "review.html", "engineering.html", "404.html", "api/workloads.json", "assets/site.css"] {
      #expect(FileManager.default.fileExists(atPath: folder.path + "/site/" + page), "\(page)")
    }
  }

  @Test("with check errors it prints them and writes nothing, keeping the previous site")
  func refusesOnErrors() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.copy(from: Paths.fixture("broken-repo"))
    try FileManager.default.copyItem(atPath: Paths.repositoryRoot + "/templates", toPath: folder.path + "/templates")
    try folder.write("site/index.html", "previous")
    let run = Run(["build"], in: folder.path)
    #expect(run.code == 1)
    #expect(run.output.contains("[standards.region]"))
    #expect(run.errors.contains("not building"))
    #expect(try folder.read("site/index.html") == "previous")
  }

  @Test("a rebuild replaces the site whole: pages of deleted workloads disappear")
  func replacesWhole() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("site/workloads/gone.html", "stale")
    let run = Run(["build", "--output", folder.path + "/site"])
    #expect(run.code == 0)
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/site/workloads/gone.html"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }
}

extension QuickBuildTests {
  @Test("a folder among the templates' assets is a diagnostic, not a raw error")
  func folderAmongAssets() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    try folder.write("templates/assets/img/logo.txt", "a file in a folder")
    let build = Run(["build"], in: folder.path, environment: ["FINOPS_NOW": "2026-11-25T10:00:00Z"])
    #expect(build.code == 1)
    #expect(build.errors.contains("templates/assets/img:1:1: error: [file.unreadable] templates/assets/img is a folder"), "\(build.errors)")
  }
}

@Suite("finops build: the spend report kept between builds")
struct BuildCacheTests {
  /// Copies the demo repository's inputs (not its site or cache) into `folder`.
  static func copyDemo(into folder: TemporaryDirectory) throws {
    for item in ["finops.yml", "workloads", "spend", "pricing", "templates"] {
      try FileManager.default.copyItem(atPath: Paths.repositoryRoot + "/" + item, toPath: folder.path + "/" + item)
    }
  }

  /// Every file under `folder`, by relative path, and every folder (its path and a slash, with
  /// no content).
  static func files(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder) else { continue }
      if isFolder.boolValue {
        files[path + "/"] = Data()
      } else {
        files[path] = FileManager.default.contents(atPath: folder + "/" + path)
      }
    }
    return files
  }

  @Test("a rebuild takes the report from .finops-cache/, the same site; a changed export is read again")
  func rebuild() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    // A delivery with broken rows: its problems are printed by every build, cached or not.
    try FileManager.default.copyItem(
      atPath: Paths.tests.deletingLastPathComponent().path + "/FinOpsSpendTests/Fixtures/malformed.csv",
      toPath: folder.path + "/spend/2026-10/focus-2026-10-malformed.csv")
    let clock = ["FINOPS_NOW": "2026-11-27T09:00:00Z"]
    func build(_ output: String, _ options: [String] = []) throws -> (errors: String, site: [String: Data]) {
      let run = Run(["build", "--timings", "--output", output] + options, in: folder.path, environment: clock)
      #expect(run.code == 0, "\(run.errors)")
      return (run.errors, try Self.files(folder.path + "/" + output))
    }
    let first = try build("first")
    #expect(!first.errors.contains("from the cache"))
    #expect(FileManager.default.fileExists(atPath: folder.path + "/.finops-cache/spend.bin"))
    let second = try build("second")
    #expect(second.errors.contains("the spend report from the cache"))
    #expect(second.site == first.site)
    func problems(_ errors: String) -> [Substring] { errors.split(separator: "\n").filter { $0.contains("error: [") } }
    #expect(!problems(first.errors).isEmpty)
    #expect(problems(second.errors) == problems(first.errors))
    let uncached = try build("uncached", ["--no-cache"])
    #expect(!uncached.errors.contains("from the cache"))
    #expect(uncached.site == first.site)
    // One delivery less: another key, so the report is made again, and the pages show it.
    try FileManager.default.removeItem(atPath: folder.path + "/spend/2026-11/focus-2026-11-20261126.csv")
    let third = try build("third")
    #expect(!third.errors.contains("from the cache"))
    #expect(third.site["api/spend.json"] != first.site["api/spend.json"])
    #expect(third.site == (try build("fourth", ["--no-cache"])).site)
    let fifth = try build("fifth")
    #expect(fifth.errors.contains("the spend report from the cache"))
    // A kept report damaged past its header: it fails its checksum, and is made again.
    let kept = folder.path + "/.finops-cache/spend.bin"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: kept))
    bytes[bytes.count - 10] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: kept))
    let sixth = try build("sixth")
    #expect(!sixth.errors.contains("from the cache"))
    #expect(sixth.site == fifth.site)
    #expect(problems(sixth.errors) == problems(fifth.errors))
    #expect(try build("seventh").errors.contains("the spend report from the cache"))
  }
}

@Suite("finops build: pages kept from the last build")
struct PageReuseTests {
  @Test("the page manifest of an output folder unused for 30 days is removed, the others kept")
  func oldManifests() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    for name in ["pages-old.bin", "pages-recent.bin"] { try folder.write(".finops-cache/" + name, "x") }
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-31 * 86_400)], ofItemAtPath: folder.path + "/.finops-cache/pages-old.bin")
    let build = Run(["build"], in: folder.path, environment: ["FINOPS_NOW": "2026-11-27T09:00:00Z"])
    #expect(build.code == 0, "\(build.errors)")
    let manifests = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.finops-cache")
      .filter { $0.hasPrefix("pages-") }
    #expect(manifests.count == 2 && manifests.contains("pages-recent.bin") && !manifests.contains("pages-old.bin"), "\(manifests)")
  }

  @Test("a build in another process takes what the last one kept (the program's fingerprint is stable)")
  func acrossProcesses() throws {
    let binary = try #require(Binary.finops, "build finops first")
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    func build() throws -> String {
      let (status, text) = try Binary.run(
        binary, ["build", "--timings"], in: folder.path, environment: ["FINOPS_NOW": "2026-11-27T09:00:00Z"])
      #expect(status == 0, "\(text)")
      return text
    }
    #expect(!(try build()).contains("from the cache"))
    let second = try build()
    #expect(second.contains("the spend report from the cache"), "\(second)")
    #expect(second.contains("unchanged since the last build"), "\(second)")
  }

  /// Builds into `site` with the cache and into a fresh folder without it, after each change
  /// of `steps`, and compares the two: a page taken from the last build must be byte for byte
  /// the page the build would make.
  @Test("whatever changes, a build that keeps pages gives the site a build from nothing gives")
  func sameAsFresh() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    var now = "2026-11-27T09:00:00Z"
    func edit(_ path: String, _ change: (String) -> String) throws {
      try folder.write(path, change(try folder.read(path)))
    }
    func build() throws -> Int {
      let cached = Run(["build", "--timings"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(cached.code == 0, "\(cached.errors)")
      let fresh = Run(["build", "--no-cache", "--output", "fresh"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(fresh.code == 0, "\(fresh.errors)")
      let site = try BuildCacheTests.files(folder.path + "/site")
      #expect(site == (try BuildCacheTests.files(folder.path + "/fresh")))
      try FileManager.default.removeItem(atPath: folder.path + "/fresh")
      let reused = cached.errors.firstMatch(of: /\((\d+) unchanged/).map { Int($0.1) ?? 0 } ?? 0
      redated = cached.errors.firstMatch(of: /and (\d+) only re-dated/).map { Int($0.1) ?? 0 } ?? 0
      rows = cached.errors.firstMatch(of: /rows of the pages rendered: (\d+) of (\d+) copied/).map {
        (Int($0.2) ?? 0, Int($0.1) ?? 0)
      } ?? (0, 0)
      return reused
    }
    var redated = 0
    var rows = (rendered: 0, copied: 0)
    let workloads = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/workloads").filter { $0.hasSuffix(".md") }.count
    #expect(try build() == 0)
    // Nothing changed: every workload page, the spend export and the assets are kept.
    let all = try build()
    #expect(all > workloads)
    // One workload's text: its page alone is made again.
    try edit("workloads/fraud-alert-triage.md") { $0 + "\nA line added to the description.\n" }
    #expect(try build() == all - 1)
    // Its title: its rows on the tracking, organisation and Space pages change too (they are
    // kept under what they are made from, which a description is no part of).
    try edit("workloads/fraud-alert-triage.md") {
      $0.replacingOccurrences(of: "title: Fraud Alert Triage", with: "title: Fraud Alert Triage Renamed")
    }
    let renamed = try build()
    #expect(renamed < all - 3)
    // The pages that list its rows are rendered again, their other rows copied from the files
    // the last build wrote.
    #expect(rows.copied > 0 && rows.copied < rows.rendered, "\(rows)")
    #expect(try folder.read("site/engineering.html").contains("Fraud Alert Triage Renamed"))
    #expect(try build() == all)
    // Hand-edited output is never kept: the page is made again.
    try edit("site/workloads/card-dispute-summarizer.html") { $0.replacingOccurrences(of: "<h1>", with: "<h1>EDITED ") }
    #expect(try build() == all - 1)
    #expect(!(try folder.read("site/workloads/card-dispute-summarizer.html")).contains("EDITED"))
    // Nor is a hand-edited export: no record of it is copied.
    try edit("site/api/workloads.json") { $0.replacingOccurrences(of: "\"title\" : \"", with: "\"title\" : \"EDITED ") }
    #expect(try build() == all - 1)
    #expect(!(try folder.read("site/api/workloads.json")).contains("EDITED"))
    // The site is updated in place, yet holds exactly what the build made: files and folders
    // put there by hand are removed, and a page is written where a folder stood.
    try folder.write("site/notes.txt", "not part of the site")
    try folder.write("site/old/page.html", "<p>left over</p>")
    try folder.write("site/workloads/drafts/x.html", "<p>left over</p>")
    try FileManager.default.removeItem(atPath: folder.path + "/site/workloads/card-dispute-summarizer.html")
    try folder.write("site/workloads/card-dispute-summarizer.html/index.html", "in the way")
    try FileManager.default.removeItem(atPath: folder.path + "/site/assets")
    try folder.write("site/assets", "a file where a folder goes")
    let tidied = try build()
    #expect(tidied > 0 && tidied < all)
    #expect(try build() == all)
    // Three days on: the pages of components whose SLA runs change, the others are kept.
    now = "2026-11-30T09:00:00Z"
    let later = try build()
    #expect(later > 0 && later < all)
    // A minute on: the pages that show the build time are copied with the new time, not
    // rendered again; the others are kept.
    #expect(try build() == all)
    now = "2026-11-30T09:01:00Z"
    let minute = try build()
    #expect(redated > 0 && minute + redated == all, "\(minute) + \(redated)")
    // A person's name in finops.yml, a template, a spend export: everything is made again.
    try edit("finops.yml") { $0.replacingOccurrences(of: "name: Maria Gonzalez", with: "name: Maria Gonzalez-Okoye") }
    #expect(try build() == 0)
    #expect(try build() == all)
    try edit("templates/workload.mustache") { $0 + "\n" }
    #expect(try build() == 0)
    try FileManager.default.removeItem(atPath: folder.path + "/spend/2026-11/focus-2026-11-20261126.csv")
    #expect(try build() < all - workloads / 2)
    // A draft removed: its page is gone, and the pages that listed or counted it change; the
    // other workloads' pages are kept.
    let kept = try build()
    try FileManager.default.removeItem(atPath: folder.path + "/workloads/auto-quote-explainer.md")
    let afterRemoval = try build()
    #expect(afterRemoval < kept - 1 && afterRemoval > workloads - 2)
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/site/workloads/auto-quote-explainer.html"))
  }
}

extension PageReuseTests {
  /// Within a business day only ages move (SLA states move at midnight): a row's age in tenths
  /// of a business day, and a review request's waiting time.
  @Test("a row's age is part of the keys of the pages that list it only while a template shows it")
  func rowAges() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    /// Builds with the cache at `now` and compares the site with a build from nothing; returns
    /// how many files were left in place or only re-dated, and the site's files.
    func build(at now: String) throws -> (kept: Int, site: [String: Data]) {
      let cached = Run(["build"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(cached.code == 0, "\(cached.errors)")
      let fresh = Run(["build", "--no-cache", "--output", "fresh"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(fresh.code == 0, "\(fresh.errors)")
      let site = try BuildCacheTests.files(folder.path + "/site")
      #expect(site == (try BuildCacheTests.files(folder.path + "/fresh")), "at \(now)")
      try FileManager.default.removeItem(atPath: folder.path + "/fresh")
      let reused = cached.errors.firstMatch(of: /\((\d+) unchanged/).map { Int($0.1) ?? 0 } ?? 0
      let redated = cached.errors.firstMatch(of: /and (\d+) only re-dated/).map { Int($0.1) ?? 0 } ?? 0
      return (reused + redated, site)
    }
    /// The ages the engineering page shows, with the template below.
    func ages(_ site: [String: Data]) -> [String] {
      let page = String(decoding: site["engineering.html"] ?? Data(), as: UTF8.self)
      return page.matches(of: /<td class="age">([^<]*)<\/td>/).map { String($0.1) }
    }
    _ = try build(at: "2026-11-30T09:00:00Z")
    let all = try build(at: "2026-11-30T09:00:00Z").site.count(where: { !$0.key.hasSuffix("/") })
    // Three hours on, a Monday: every row's age has moved, but no built-in template shows it.
    // Only the review queue, whose requests show how long they have waited, is made again.
    #expect(try build(at: "2026-11-30T12:00:00Z").kept == all - 1)
    // A template that shows rows' ages: the engineering page is made again as they move.
    let template = folder.path + "/templates/engineering.mustache"
    let source = try String(contentsOfFile: template, encoding: .utf8)
    try source.replacingOccurrences(of: "{{badge.label}}</span></td>", with: "{{badge.label}}</span></td><td class=\"age\">{{age}}</td>")
      .write(toFile: template, atomically: true, encoding: .utf8)
    let before = ages(try build(at: "2026-11-30T12:00:00Z").site)
    #expect(!before.isEmpty)
    let later = try build(at: "2026-11-30T15:00:00Z")
    #expect(later.kept < all - 1)
    #expect(ages(later.site).count == before.count && ages(later.site) != before, "\(before)")
  }
}

@Suite("finops build: the quick path")
struct QuickBuildTests {
  /// After each change, builds with the cache (the quick path when it can) and from nothing, and
  /// compares the two sites: a page left in place must be byte for byte the page a build makes.
  @Test("whatever changes, a quick build gives the site a build from nothing gives, and is taken only when it can be")
  func sameAsFresh() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    var now = "2026-11-25T10:00:00Z"
    func edit(_ path: String, _ change: (String) -> String) throws {
      try folder.write(path, change(try folder.read(path)))
    }
    /// How many workload files the last quick build read (those whose text changed, and those
    /// with a request in review when it made the review queue again).
    var read: Int?
    /// Whether the build took the quick path.
    func build(_ note: String = "") throws -> Bool {
      let cached = Run(["build", "--timings"], in: folder.path, environment: ["FINOPS_NOW": now])
      read = cached.errors.firstMatch(of: /quick: (\d+) workload files read/).flatMap { Int($0.1) }
      #expect(cached.code == 0, "\(note): \(cached.errors)")
      let fresh = Run(["build", "--no-cache", "--output", "fresh"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(fresh.code == 0, "\(fresh.errors)")
      let site = try BuildCacheTests.files(folder.path + "/site")
      let expected = try BuildCacheTests.files(folder.path + "/fresh")
      #expect(site == expected, "\(note): \(Set(site.keys).symmetricDifference(expected.keys)) \(site.filter { expected[$0.key] != $0.value }.keys.sorted())")
      try FileManager.default.removeItem(atPath: folder.path + "/fresh")
      // The quick path's last stage is reached only once it has put the site in place.
      return cached.errors.contains("quick: put in place")
    }
    #expect(try build() == false)
    #expect(try build("nothing changed") == true)
    #expect(read == 0, "nothing read: the review queue is left as it is")
    // A description of a workload with nothing in review; then of one with a request in review,
    // whose description the queue shows; then of a live one, whose page shows spend cards.
    try edit("workloads/auto-quote-explainer.md") { $0 + "\nA line added to the description.\n" }
    #expect(try build("a description") == true)
    #expect(read == 1)
    try edit("workloads/ci-test-failure-triage.md") { $0 + "\nA line the reviewers see.\n" }
    #expect(try build("a description in review") == true)
    #expect(try folder.read("site/review.html").contains("A line the reviewers see."))
    let inReview = try #require(read)
    #expect(inReview > 1, "every workload with a request in review read, for the queue")
    try edit("workloads/card-dispute-summarizer.md") { $0 + "\nA live workload's line.\n" }
    #expect(try build("a live workload's description") == true)
    #expect(read == 1)
    // The clock: within the day, and a minute later (the pages that show the time re-dated);
    // hours later, every request in review has waited longer, and the queue is made again.
    now = "2026-11-25T10:00:30Z"
    #expect(try build("thirty seconds on") == true)
    #expect(read == 0)
    now = "2026-11-25T15:47:00Z"
    #expect(try build("hours on") == true)
    #expect(read == inReview)
    // Days on: SLA states and due days move, so the whole build runs (and the next is quick).
    now = "2026-12-02T09:00:00Z"
    #expect(try build("a week on") == false)
    #expect(try build() == true)
    // Front matter: a title is on many pages.
    try edit("workloads/auto-quote-explainer.md") { $0.replacingOccurrences(of: "title: ", with: "title: Renamed ") }
    #expect(try build("a title") == false)
    #expect(try build() == true)
    // A page edited by hand, and a file put in the site by hand.
    try edit("site/workloads/card-dispute-summarizer.html") { $0.replacingOccurrences(of: "<h1>", with: "<h1>EDITED ") }
    #expect(try build("a page edited by hand") == false)
    try folder.write("site/notes.txt", "not part of the site")
    #expect(try build("a file put in the site") == true)
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/site/notes.txt"))
    // A workload added, then removed; finops.yml; a template; a spend export.
    try folder.write("workloads/extra.md", try folder.read("workloads/auto-quote-explainer.md"))
    // (A second copy has the same component ids: check refuses it.)
    let duplicate = Run(["build"], in: folder.path, environment: ["FINOPS_NOW": now])
    #expect(duplicate.code != 0)
    try FileManager.default.removeItem(atPath: folder.path + "/workloads/extra.md")
    #expect(try build("a workload file added and removed") == true)
    try FileManager.default.removeItem(atPath: folder.path + "/workloads/auto-quote-explainer.md")
    #expect(try build("a workload removed") == false)
    #expect(try build() == true)
    try edit("finops.yml") { $0.replacingOccurrences(of: "name: Maria Gonzalez", with: "name: Maria Gonzalez-Okoye") }
    #expect(try build("finops.yml") == false)
    // Someone on the roster who has done nothing yet: their feed has no entries, and is as new
    // as the repository's newest entry, not the build.
    try edit("finops.yml") {
      $0.replacingOccurrences(
        of: "people:\n", with: "people:\n  - email: zed.new@northwind.example\n    name: Zed New\n    personas: [product-owner]\n")
    }
    #expect(try build("a person with no events") == false)
    let feed = try folder.read("site/feeds/people/zed-new-northwind-example.xml")
    #expect(!feed.contains("<entry>") && !feed.contains("<updated>\(now)</updated>"), "\(feed)")
    try edit("workloads/card-dispute-summarizer.md") { $0 + "\nOne more line.\n" }
    now = "2026-12-02T09:00:30Z"
    #expect(try build("with an empty feed") == true)
    try edit("templates/workload.mustache") { $0 + "\n" }
    #expect(try build("a template") == false)
    #expect(try build() == true)
    try FileManager.default.removeItem(atPath: folder.path + "/spend/2026-11/focus-2026-11-20261126.csv")
    #expect(try build("a spend export removed") == false)
    #expect(try build() == true)
    // Into another folder: its own manifest and memo.
    let other = Run(["build", "--timings", "--output", "other"], in: folder.path, environment: ["FINOPS_NOW": now])
    #expect(other.code == 0 && !other.errors.contains("quick: put in place"))
    #expect(try build("after a build into another folder") == true)
  }
}

@Suite("finops init")
struct InitCommandTests {
  @Test("a new repository passes check and builds with the built-in templates")
  func newRepository() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.path + "/governance"
    let initialise = Run(["init", path], in: folder.path)
    #expect(initialise.code == 0, "\(initialise.errors)")
    for file in ["finops.yml", "pricing/catalog.yml", "README.md", ".github/workflows/pull-request.yml", "workloads/.gitkeep"] {
      #expect(FileManager.default.fileExists(atPath: path + "/" + file), "\(file)")
    }
    #expect(FileManager.default.fileExists(atPath: path + "/.git"))
    #expect(Run(["check"], in: path).code == 0)
    let build = Run(["build"], in: path)
    #expect(build.code == 0, "\(build.errors)")
    #expect(FileManager.default.fileExists(atPath: path + "/site/index.html"))
    #expect(Run(["init", path], in: folder.path).code == 1)
  }

  @Test("the scaffold built into finops is exactly scaffold/ and the workflows (run scripts/embed-resources)")
  func embeddedMatchFiles() throws {
    let root = URL(fileURLWithPath: Paths.repositoryRoot)
    func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
    let scaffold = try Run.scaffoldFiles()
    #expect(scaffold["finops.yml"] == (try read("scaffold/finops.yml")))
    #expect(scaffold["pricing/catalog.yml"] == (try read("scaffold/catalog.yml")))
    #expect(scaffold[".github/workflows/pull-request.yml"] == (try read(".github/workflows/pull-request.yml")))
    #expect(scaffold[".github/workflows/publish.yml"] == (try read(".github/workflows/publish.yml")))
  }
}

extension Run {
  /// The files `finops init` writes, read back from a fresh init.
  static func scaffoldFiles() throws -> [String: String] {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    _ = Run(["init", folder.path + "/r"], in: folder.path)
    var files: [String: String] = [:]
    for path in ["finops.yml", "pricing/catalog.yml", ".github/workflows/pull-request.yml", ".github/workflows/publish.yml"] {
      files[path] = try folder.read("r/" + path)
    }
    return files
  }
}

@Suite("finops codeowners")
struct CodeOwnersTests {
  @Test("CODEOWNERS follows the roster, and check warns when the committed one is stale")
  func generateAndCheck() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let printed = session.run("priya@example.com", ["codeowners"])
    #expect(printed.code == 0)
    assertGolden(printed.output, named: "codeowners.txt")
    #expect(session.run("priya@example.com", ["codeowners", "--write"]).code == 0)
    #expect(try session.repository.directory.read(".github/CODEOWNERS") == printed.output)
    #expect(!session.run("priya@example.com", ["check"]).output.contains("codeowners.stale"))
    session.run("omar@example.com", ["submit", "--title", "Second Workload"] + submitFlags)
    let check = session.run("priya@example.com", ["check"])
    #expect(check.code == 0, "a stale CODEOWNERS is a warning, not an error")
    #expect(check.output.contains("warning: [codeowners.stale]"))
  }
}

@Suite("finops help")
struct HelpTests {
  /// Every command and subcommand, depth first.
  static func commands(_ command: any ParsableCommand.Type = FinOpsCommand.self) -> [any ParsableCommand.Type] {
    [command] + command.configuration.subcommands.flatMap { commands($0) }
  }

  @Test("each command's help text is whole paragraphs, which the parser wraps to the terminal")
  func paragraphs() {
    for command in Self.commands() {
      let configuration = command.configuration
      let name = configuration.commandName ?? "\(command)"
      // A line break inside a paragraph is kept by the parser, which then wraps each piece on
      // its own: ragged lines on any terminal but the width the source was written at.
      let discussion = configuration.discussion.replacingOccurrences(of: "\n\n", with: "")
      #expect(!discussion.contains("\n"), "\(name): \(configuration.discussion)")
      #expect(!configuration.abstract.contains("\n"), "\(name)")
    }
  }
}
