import FinOpsCore
@testable import FinOpsRepository
import FinOpsTestSupport
import Foundation
import Testing

@Suite("the workload store's paths")
struct RepositoryTests {
  @Test("a slug names its file at the top or in a subfolder, and nothing that only ends like it")
  func pathOfWorkload() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    for path in [
      "workloads/top.md", "workloads/unit/deep/nested.md", "workloads/unit/prefixnested.md",
      "workloads/unit/.hidden.md", "workloads/unit/notes.txt", "workloads/b/twice.md",
      "workloads/a/twice.md",
    ] {
      try directory.write(path, "---\n---\n")
    }
    let repository = Repository(root: directory.path)
    #expect(try repository.path(ofWorkload: "top") == "workloads/top.md")
    #expect(try repository.path(ofWorkload: "nested") == "workloads/unit/deep/nested.md")
    #expect(try repository.path(ofWorkload: "prefixnested") == "workloads/unit/prefixnested.md")
    // Two files with one slug (finops check reports it): the first in sorted order.
    #expect(try repository.path(ofWorkload: "twice") == "workloads/a/twice.md")
    for free in ["fixnested", "hidden", "notes", "deep/nested", "unit", ""] {
      #expect(try repository.path(ofWorkload: free) == nil, "\(free)")
    }
    #expect(
      try repository.workloadPaths() == [
        "workloads/a/twice.md", "workloads/b/twice.md", "workloads/top.md",
        "workloads/unit/deep/nested.md", "workloads/unit/prefixnested.md",
      ])
  }

  @Test("files at the top and in folders whose names run into each other come in sorted order, with their statuses")
  func sortedAcrossFolders() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let paths = [
      "workloads/a.md", "workloads/a/b.md", "workloads/a/a.md", "workloads/a-b/c.md", "workloads/a b/d.md",
      "workloads/a0.md", "workloads/ab/z.md", "workloads/ab/y/x.md", "workloads/ab.md", "workloads/Z.md",
      "workloads/é/e.md", "workloads/e.md", "workloads/a/b/c.md", "workloads/a.b/f.md",
    ]
    for path in paths { try directory.write(path, "---\n---\n") }
    let repository = Repository(root: directory.path)
    #expect(try repository.workloadPaths() == paths.sorted())
    let files = try repository.workloadFiles()
    #expect(files.paths == paths.sorted())
    #expect(zip(files.paths, files.statuses).allSatisfy { $1 == FileStatus(path: directory.path + "/" + $0) })
    #expect(files.statuses.count == files.paths.count)
    #expect(try repository.unsortedWorkloadPaths().sorted() == paths.sorted())
  }

  @Test("paths are sorted as strings sort them, by their bytes when they are ASCII", arguments: [
    ["workloads/b.md", "workloads/a/b.md", "workloads/a.md", "workloads/a-b/c.md", "workloads/ab", "workloads/a"],
    ["x/é.md", "x/e\u{301}z.md", "x/f.md", "x/e.md", "x/ea.md"],
    ["a", "b", "c"], ["only.md"], [],
  ])
  func sortsPaths(paths: [String]) {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5 {
      var files = paths.shuffled(using: &generator).map { (path: $0, status: FileStatus?.none) }
      Repository.sortByPath(&files)
      #expect(files.map(\.path) == paths.sorted())
    }
    // Moved in place along each cycle of the order, whatever the permutation.
    for count in [0, 1, 2, 3, 7, 50] {
      let names = (0..<count).map { String(format: "workloads/%03d.md", $0) }
      for _ in 0..<20 {
        var files = names.shuffled(using: &generator).map { (path: $0, status: FileStatus?.none) }
        Repository.sortByPath(&files)
        #expect(files.map(\.path) == names)
      }
    }
  }

  @Test("the walk follows links to folders, skips hidden folders and lists what FileManager lists")
  func walk() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    for path in [
      "workloads/a/one.md", "workloads/.git-like/hidden.md", "workloads/a/b/c/deep.md",
      "outside/linked.md", "workloads/café/ünï.md", "workloads/a/readme.txt",
    ] {
      try directory.write(path, "---\n---\n")
    }
    try FileManager.default.createSymbolicLink(
      atPath: directory.path + "/workloads/link", withDestinationPath: directory.path + "/outside")
    try FileManager.default.createSymbolicLink(
      atPath: directory.path + "/workloads/dangling", withDestinationPath: directory.path + "/nowhere")
    try FileManager.default.createDirectory(
      atPath: directory.path + "/workloads/folder.md", withIntermediateDirectories: true)
    // Links back up the tree are not walked (they would be walked for ever).
    try FileManager.default.createSymbolicLink(atPath: directory.path + "/workloads/a/b/up", withDestinationPath: "../..")
    try FileManager.default.createSymbolicLink(atPath: directory.path + "/outside/back", withDestinationPath: "../workloads")
    let repository = Repository(root: directory.path)
    #expect(
      try repository.workloadPaths() == [
        "workloads/a/b/c/deep.md", "workloads/a/one.md", "workloads/café/ünï.md",
        "workloads/folder.md", "workloads/link/linked.md",
      ])
  }
}

@Suite("CODEOWNERS")
struct CodeOwnersRenderTests {
  @Test("each workload line is its owner, then every lead once, by lowercased address, in path order")
  func lines() {
    let people = [
      Person(email: "Dana@Example.com", name: "Dana", personas: [.finopsLead]),
      Person(email: "priya@example.com", name: "Priya", personas: [.productOwner, .finopsLead]),
      Person(email: "dana@example.com", name: "Dana again", personas: [.finopsLead]),
      Person(email: "sam@example.com", name: "Sam", personas: [.cloudEngineer]),
    ]
    let configuration = Configuration(
      site: SiteSettings(title: "T"), currency: "USD", roster: Roster(people),
      organization: Organization(units: []), standards: Standards(platforms: [], accounts: [], regions: [], models: []),
      sla: SLAPolicy())
    func workload(_ owner: String) -> Workload { Workload(slug: "w", title: "W", owner: owner, product: "p", components: []) }
    let text = CodeOwners.render(
      configuration: configuration,
      workloads: [("workloads/b.md", workload("PRIYA@example.com")), ("workloads/a.md", workload("omar@example.com"))])
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("/") }
    #expect(lines == [
      "/finops.yml Dana@Example.com priya@example.com",
      "/pricing/ Dana@Example.com priya@example.com",
      "/.github/ Dana@Example.com priya@example.com",
      "/spend/ Dana@Example.com priya@example.com sam@example.com",
      "/workloads/a.md omar@example.com Dana@Example.com priya@example.com",
      "/workloads/b.md PRIYA@example.com Dana@Example.com",
    ])
  }

  @Test("a file is read as UTF-8 text, its leading byte-order mark dropped; other bytes refused")
  func read() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let files: [(String, [UInt8])] = [
      ("bom.md", [0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: Café\r\n---\r\n".utf8)),
      ("inner.md", Array("a\u{FEFF}b e\u{301}\0".utf8)),
      ("latin1.md", [0x43, 0x61, 0x66, 0xE9]),
      ("empty.md", []),
    ]
    for (name, bytes) in files {
      try Data(bytes).write(to: URL(fileURLWithPath: directory.path + "/" + name))
    }
    let repository = Repository(root: directory.path)
    #expect(try repository.read("bom.md").get() == "---\r\ntitle: Café\r\n---\r\n")
    #expect(Array(try repository.read("inner.md").get().utf8) == Array("a\u{FEFF}b e\u{301}\0".utf8))
    #expect(try repository.read("empty.md").get() == "")
    for (path, rule) in [("latin1.md", "file.encoding"), ("missing.md", "file.unreadable"), (".", "file.unreadable")] {
      guard case .failure(let diagnostic) = repository.read(path) else {
        Issue.record("\(path) read")
        continue
      }
      #expect(diagnostic.rule == rule, "\(path)")
    }
  }
}
