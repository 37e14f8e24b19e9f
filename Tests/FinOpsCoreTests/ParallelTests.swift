@testable import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Work on every core, and files looked at through their folders")
struct ParallelTests {
  struct Failure: Error, Equatable {
    var index: Int
  }

  @Test("every index runs exactly once, for counts smaller and larger than a run of indexes", arguments: [0, 1, 2, 3, 63, 64, 65, 1000, 10_001])
  func everyIndexOnce(count: Int) {
    #expect(parallelMap(count) { $0 * 2 } == (0..<count).map { $0 * 2 })
    let seen = Shared(Array(repeating: 0, count: count))
    try? parallelEach(count) { index in seen.withLock { $0[index] += 1 } }
    #expect(seen.withLock { $0 } == Array(repeating: 1, count: count))
  }

  /// Counts its instances alive, in `Tracked.alive` or in a counter of a test's own (the tests
  /// run at once).
  final class Tracked: Sendable {
    static let alive = Shared(0)
    let index: Int
    let counter: Shared<Int>
    init(_ index: Int, counting counter: Shared<Int> = Tracked.alive) {
      self.index = index
      self.counter = counter
      counter.withLock { $0 += 1 }
    }
    deinit { counter.withLock { $0 -= 1 } }
  }

  @Test("values made in place keep their order and are each held once: all freed with the arrays")
  func valuesInPlace() {
    do {
      let values = parallelMap(5_000) { index in (String(repeating: "x", count: index % 40) + "\(index)", Tracked(index)) }
      let (names, tracked) = parallelMapPairs(5_000) { index in ("n\(index)", [Tracked(index), Tracked(-index)]) }
      #expect(values.map(\.0) == (0..<5_000).map { String(repeating: "x", count: $0 % 40) + "\($0)" })
      #expect(values.map(\.1.index) == Array(0..<5_000))
      #expect(names == (0..<5_000).map { "n\($0)" })
      #expect(tracked.map { $0.map(\.index) } == (0..<5_000).map { [$0, -$0] })
      #expect(Tracked.alive.withLock { $0 } == 15_000)
    }
    #expect(Tracked.alive.withLock { $0 } == 0)
  }

  @Test("joined lists keep each index's values in order, each index's after the one before; all freed with the array")
  func joinedInPlace() {
    for counts in [[], [0], [3], [0, 0, 2, 0], (0..<3_000).map { ($0 * 7) % 5 }, [64, 0, 1, 65, 200]] {
      let alive = Shared(0)
      do {
        let joined: [(Int, Tracked)] = parallelJoined(counts) { index, add in
          for value in 0..<counts[index] { add((index, Tracked(value, counting: alive))) }
        }
        let expected = counts.indices.flatMap { index in (0..<counts[index]).map { (index, $0) } }
        #expect(joined.map(\.0) == expected.map(\.0))
        #expect(joined.map(\.1.index) == expected.map(\.1))
        #expect(alive.withLock { $0 } == expected.count)
      }
      #expect(alive.withLock { $0 } == 0)
    }
  }

  @Test("a value made ahead is made once, on another thread, and every caller gets it")
  func eventually() {
    let made = Shared(0)
    let started = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let caller = pthread_self()
    let value = Eventually { () -> [Int] in
      started.signal()
      release.wait()
      made.withLock { $0 += 1 }
      return [pthread_equal(pthread_self(), caller) != 0 ? 0 : 1, 2, 3]
    }
    // Making it started without anyone asking; it is not done until released.
    started.wait()
    #expect(made.withLock { $0 } == 0)
    release.signal()
    let values = parallelMap(8) { _ in value.value }
    #expect(values.allSatisfy { $0 == [1, 2, 3] })
    #expect(made.withLock { $0 } == 1)
  }

  @Test("the error reported is the one of the lowest index that failed, whatever ran first")
  func lowestError() {
    for failing in [[7], [9_999], [5_000, 17], [70, 10], [64, 63], [130, 1], [3, 4, 5, 9_000], Array(stride(from: 100, to: 10_000, by: 97))] {
      for _ in 0..<5 {
        #expect(throws: Failure(index: failing.min()!)) {
          try parallelEach(10_000) { index in
            if failing.contains(index) { throw Failure(index: index) }
          }
        }
      }
    }
  }

  @Test("a file's status through its opened folder is the one its whole path gives; other folders by their path")
  func folderFiles() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("a/one.txt", "1")
    try folder.write("a/b/two.txt", "22")
    try folder.write("top.txt", "333")
    try folder.write("elsewhere/three.txt", "4444")
    symlink(folder.path + "/top.txt", folder.path + "/a/link.txt")
    let files = FolderFiles(root: folder.path, folders: FolderFiles.folders(of: ["a/one.txt", "a/b/two.txt", "top.txt"]))
    #expect(FolderFiles.folders(of: ["a/one.txt", "a/b/two.txt", "top.txt"]) == ["a", "a/b", ""])
    for path in ["a/one.txt", "a/b/two.txt", "top.txt", "elsewhere/three.txt"] {
      let found = try #require(files.status(path))
      #expect(found.status == FileStatus(path: folder.path + "/" + path))
      #expect(found.links == 1)
    }
    #expect(files.status("a/link.txt") == nil, "a link is not followed")
    #expect(files.status("a/missing.txt") == nil)
    #expect(files.status("a/b") == nil, "a folder is no regular file")
    let descriptor = files.openFile("a/b/two.txt", O_RDONLY)
    #expect(descriptor >= 0)
    close(descriptor)
    #expect(files.openFile("a/link.txt", O_RDONLY) < 0, "a link is not followed")
    link(folder.path + "/a/one.txt", folder.path + "/a/second-name.txt")
    #expect(files.status("a/one.txt")?.links == 2)
    // Many at once, in runs of one folder and not: each as it is found alone.
    let paths = [
      "a/one.txt", "a/second-name.txt", "a/b/two.txt", "a/link.txt", "top.txt", "elsewhere/three.txt", "a/missing.txt",
      "a/one.txt", "a/b", "top.txt",
    ]
    let many = files.statuses(paths)
    #expect(many.count == paths.count)
    for (path, found) in zip(paths, many) {
      let alone = files.status(path)
      #expect(found?.status == alone?.status && found?.links == alone?.links, "\(path)")
      #expect(found?.ownedWritable == alone?.ownedWritable, "\(path)")
    }
  }

  @Test("no more folders held open than the budget allows: the rest are looked at by path")
  func folderBudget() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    #expect(FolderFiles.budget > 0 && FolderFiles.budget <= 128)
    let paths = (0..<FolderFiles.budget + 40).map { "f\($0)/page.html" }
    for path in paths { try folder.write(path, path) }
    // The descriptors open on this test's folders (other tests run beside it and open files
    // of their own meanwhile).
    let root = URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path
    let open = {
      ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count { fd in
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd))?.hasPrefix(root + "/f") ?? false
      }
    }
    #expect(open() == 0)
    let files = FolderFiles(root: folder.path, folders: FolderFiles.folders(of: paths))
    #expect(open() == FolderFiles.budget)
    for path in paths {
      #expect(files.status(path)?.status == FileStatus(path: folder.path + "/" + path), "\(path)")
    }
    #expect(files.statuses(paths).map { $0?.status } == paths.map { FileStatus(path: folder.path + "/" + $0) })
  }
}

/// A value shared by threads, behind a lock.
final class Shared<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func withLock<T>(_ body: (inout Value) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
