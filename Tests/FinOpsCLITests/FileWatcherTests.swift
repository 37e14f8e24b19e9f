import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsCLI

@Suite("FileWatcher")
struct FileWatcherTests {
  /// A wait on `watcher` running on its own thread; `returned(within:)` says whether it has
  /// come back.
  final class Waiting: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ watcher: FileWatcher) {
      Thread.detachNewThread { [done] in
        watcher.wait(quiet: 0.02)
        done.signal()
      }
    }

    func returned(within seconds: TimeInterval) -> Bool {
      done.wait(timeout: .now() + seconds) == .success
    }
  }

  /// A repository root with a configuration and a workload in a product folder.
  func repository() throws -> TemporaryDirectory {
    let folder = try TemporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: folder.path + "/workloads/claims", withIntermediateDirectories: true)
    try "name: demo\n".write(toFile: folder.path + "/finops.yml", atomically: false, encoding: .utf8)
    try "---\ntitle: A\n---\n".write(
      toFile: folder.path + "/workloads/claims/a.md", atomically: false, encoding: .utf8)
    return folder
  }

  func append(_ text: String, to path: String) throws {
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    handle.closeFile()
  }

  @Test("the kernel wakes it for what a build reads, in folders made after it started too, and not for anything else")
  func kernel() throws {
    let folder = try repository()
    defer { folder.remove() }
    let watcher = FileWatcher(root: folder.path)
    #if os(Linux)
      #expect(watcher.mode == .kernel)
    #endif

    // An edit to a workload in a product folder.
    var waiting = Waiting(watcher)
    #expect(!waiting.returned(within: 0.2))
    try append("Edited.\n", to: folder.path + "/workloads/claims/a.md")
    #expect(waiting.returned(within: 5))

    // Files a build does not read: the output, the cache, the README, an editor's swap file.
    waiting = Waiting(watcher)
    for name in ["site", ".finops-cache"] {
      try FileManager.default.createDirectory(atPath: folder.path + "/" + name, withIntermediateDirectories: true)
      try "x".write(toFile: folder.path + "/\(name)/index.html", atomically: false, encoding: .utf8)
    }
    try "# Demo\n".write(toFile: folder.path + "/README.md", atomically: false, encoding: .utf8)
    try "swap".write(toFile: folder.path + "/workloads/claims/.a.md.swp", atomically: false, encoding: .utf8)
    #expect(!waiting.returned(within: 0.5))
    // The configuration replaced by a rename, as editors save.
    try "name: demo2\n".write(toFile: folder.path + "/finops.yml", atomically: true, encoding: .utf8)
    #expect(waiting.returned(within: 5))

    // A product folder made after the watch began, and a file written into it later.
    waiting = Waiting(watcher)
    try FileManager.default.createDirectory(
      atPath: folder.path + "/workloads/fraud/nested", withIntermediateDirectories: true)
    #expect(waiting.returned(within: 5))
    waiting = Waiting(watcher)
    try "---\ntitle: B\n---\n".write(
      toFile: folder.path + "/workloads/fraud/nested/b.md", atomically: false, encoding: .utf8)
    #expect(waiting.returned(within: 5))

    // A folder the repository did not have when the watch began (templates/), then a file in it.
    waiting = Waiting(watcher)
    try FileManager.default.createDirectory(atPath: folder.path + "/templates", withIntermediateDirectories: true)
    #expect(waiting.returned(within: 5))
    waiting = Waiting(watcher)
    try "{{title}}".write(toFile: folder.path + "/templates/page.mustache", atomically: false, encoding: .utf8)
    #expect(waiting.returned(within: 5))

    // A removal.
    waiting = Waiting(watcher)
    try FileManager.default.removeItem(atPath: folder.path + "/workloads/claims/a.md")
    #expect(waiting.returned(within: 5))
  }

  @Test("polling sees an edit and a new file, and nothing else")
  func polling() throws {
    let folder = try repository()
    defer { folder.remove() }
    let watcher = FileWatcher(root: folder.path, kernel: false)
    #expect(watcher.mode == .polling(reason: "asked to poll"))
    var waiting = Waiting(watcher)
    try "# Demo\n".write(toFile: folder.path + "/README.md", atomically: false, encoding: .utf8)
    #expect(!waiting.returned(within: 1))
    try append("Edited.\n", to: folder.path + "/workloads/claims/a.md")
    #expect(waiting.returned(within: 5))
    waiting = Waiting(watcher)
    try "---\ntitle: B\n---\n".write(toFile: folder.path + "/workloads/b.md", atomically: false, encoding: .utf8)
    #expect(waiting.returned(within: 5))
    // A touch: the text is the same, its status is not.
    waiting = Waiting(watcher)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: folder.path + "/workloads/b.md")
    #expect(waiting.returned(within: 5))
  }

  @Test("names an editor leaves are skipped for files only: a folder so named, and any asset, wake it")
  func scratchNames() throws {
    let folder = try repository()
    defer { folder.remove() }
    let outside = try TemporaryDirectory()
    defer { outside.remove() }
    try FileManager.default.createDirectory(atPath: folder.path + "/templates/assets", withIntermediateDirectories: true)
    let watcher = FileWatcher(root: folder.path)
    // A folder with a workload, moved in under a name an editor might leave.
    try FileManager.default.createDirectory(atPath: outside.path + "/team", withIntermediateDirectories: true)
    try "---\ntitle: C\n---\n".write(toFile: outside.path + "/team/c.md", atomically: false, encoding: .utf8)
    var waiting = Waiting(watcher)
    try FileManager.default.moveItem(atPath: outside.path + "/team", toPath: folder.path + "/workloads/team~")
    #expect(waiting.returned(within: 5))
    // An asset is copied into the site whatever its name.
    waiting = Waiting(watcher)
    try "body {}".write(toFile: folder.path + "/templates/assets/site.css~", atomically: false, encoding: .utf8)
    #expect(waiting.returned(within: 5))
    // Emacs's auto-save file beside a workload is not.
    waiting = Waiting(watcher)
    try "x".write(toFile: folder.path + "/workloads/claims/#a.md#", atomically: false, encoding: .utf8)
    #expect(!waiting.returned(within: 0.5))
    try append("Edited.\n", to: folder.path + "/workloads/claims/a.md")
    #expect(waiting.returned(within: 5))
  }

  @Test("a folder reached through a link is watched; one moved out of the repository is not")
  func linksAndMovesOut() throws {
    let folder = try repository()
    defer { folder.remove() }
    let outside = try TemporaryDirectory()
    defer { outside.remove() }
    try FileManager.default.createDirectory(atPath: outside.path + "/shared", withIntermediateDirectories: true)
    try "---\ntitle: S\n---\n".write(toFile: outside.path + "/shared/s.md", atomically: false, encoding: .utf8)
    let watcher = FileWatcher(root: folder.path)
    var waiting = Waiting(watcher)
    try FileManager.default.createSymbolicLink(atPath: folder.path + "/workloads/shared", withDestinationPath: outside.path + "/shared")
    #expect(waiting.returned(within: 5))
    waiting = Waiting(watcher)
    try append("Edited through the link's folder.\n", to: outside.path + "/shared/s.md")
    #expect(waiting.returned(within: 5))
    // A product folder moved out: a change there is no longer one the build reads.
    waiting = Waiting(watcher)
    try FileManager.default.moveItem(atPath: folder.path + "/workloads/claims", toPath: outside.path + "/claims")
    #expect(waiting.returned(within: 5))
    waiting = Waiting(watcher)
    try append("Edited outside.\n", to: outside.path + "/claims/a.md")
    #expect(!waiting.returned(within: 0.5))
    try append("Edited.\n", to: folder.path + "/finops.yml")
    #expect(waiting.returned(within: 5))
  }

  @Test("out of watches part way, it polls from then on, and the change that ran it out counts")
  func outOfWatches() throws {
    let folder = try repository()
    defer { folder.remove() }
    // The root, workloads/ and workloads/claims/: no watch left for another folder.
    let watcher = FileWatcher(root: folder.path, limit: 3)
    #if os(Linux)
      #expect(watcher.mode == .kernel)
      var waiting = Waiting(watcher)
      // Named as editors name scratch files: the fallback must still count as a change.
      try FileManager.default.createDirectory(atPath: folder.path + "/workloads/team~", withIntermediateDirectories: true)
      #expect(waiting.returned(within: 5))
      guard case .polling(let reason) = watcher.mode else {
        Issue.record("still \(watcher.mode)")
        return
      }
      #expect(reason.contains("max_user_watches"))
      waiting = Waiting(watcher)
      try append("Edited.\n", to: folder.path + "/workloads/claims/a.md")
      #expect(waiting.returned(within: 5))
    #endif
  }
}
