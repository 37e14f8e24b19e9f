@testable import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@Suite("File fingerprints remembered between runs")
struct FileDigestsTests {
  /// A clock a minute ahead: files written by the test count as settled.
  static let later: @Sendable () -> Int64 = { FileDigests.systemClock() + 60 }

  @Test("a fingerprint is the file's, remembered while the file is untouched and taken again when it is not")
  func remembered() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let table = folder.path + "/digests.bin", file = folder.path + "/export.csv"
    try folder.write("export.csv", "a,b\n1,2\n")
    let first = FileDigests(path: table, now: Self.later)
    #expect(first.digest(file) == ContentHash.file(file))
    #expect(first.taken == 1)
    first.save()

    let second = FileDigests(path: table, now: Self.later)
    #expect(second.digest(file) == ContentHash.file(file))
    #expect(second.taken == 0)

    // Written again, even to the same size and modification time: the change time moves on.
    let modified = try #require(FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date)
    try folder.write("export.csv", "a,b\n3,4\n")
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
    let third = FileDigests(path: table, now: Self.later)
    #expect(third.digest(file) == ContentHash("a,b\n3,4\n"))
    #expect(third.taken == 1)
    #expect(third.digest(folder.path + "/missing.csv") == nil)
  }

  @Test("a file changed in the last two seconds is never remembered; a damaged table is ignored")
  func racy() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let table = folder.path + "/digests.bin", file = folder.path + "/export.csv"
    try folder.write("export.csv", "fresh\n")
    let first = FileDigests(path: table)
    #expect(first.digest(file) == ContentHash("fresh\n"))
    first.save()
    let second = FileDigests(path: table)
    _ = second.digest(file)
    #expect(second.taken == 1)

    let settled = FileDigests(path: table, now: Self.later)
    _ = settled.digest(file)
    settled.save()
    var bytes = try #require(FileManager.default.contents(atPath: table))
    bytes[bytes.count - 1] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: table))
    let damaged = FileDigests(path: table, now: Self.later)
    #expect(damaged.digest(file) == ContentHash("fresh\n"))
    #expect(damaged.taken == 1)
  }

  @Test("only the files asked for in a run are kept")
  func pruned() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let table = folder.path + "/digests.bin"
    try folder.write("a", "a")
    try folder.write("b", "b")
    let first = FileDigests(path: table, now: Self.later)
    _ = first.digest(folder.path + "/a")
    _ = first.digest(folder.path + "/b")
    first.save()
    let second = FileDigests(path: table, now: Self.later)
    _ = second.digest(folder.path + "/a")
    second.save()
    let third = FileDigests(path: table, now: Self.later)
    _ = third.digest(folder.path + "/a")
    _ = third.digest(folder.path + "/b")
    #expect(third.taken == 1)
  }

  @Test("the present is the file system's: a file made beside the table tells it")
  func clock() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let present = try #require(FileDigests.fileSystemClock(in: folder.path + "/cache"))
    #expect(abs(present - FileDigests.systemClock()) <= 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cache").isEmpty, "the probe is removed")
    #expect(FileDigests.fileSystemClock(in: "/proc/finops-nowhere") == nil)
  }
}
