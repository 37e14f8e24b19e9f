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
  }
}
