import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Fingerprints of files (`ContentHash.file`), remembered between runs the way git's index
/// remembers that a file is clean: by what the file system says of it. A fingerprint is used
/// again only while the file's device, inode, size, modification time and change time are all
/// as they were when it was read; writing a file moves its change time to the present, which no
/// program can set back. A file changed within two seconds of being read could change again
/// within the file system's clock step unseen, so it is never remembered (git's racily clean
/// files). Thread-safe.
public final class FileDigests: @unchecked Sendable {
  /// What the file system said of a file when its fingerprint was taken, and the fingerprint.
  struct Entry: Equatable {
    var status: FileStatus
    var digest: ContentHash
  }

  /// Where the table is kept; nil: nothing is read or kept.
  private let path: String?
  private let lock = NSLock()
  /// The table read, by absolute path.
  private let earlier: [String: Entry]
  /// The entries of the files asked for in this run: all that is kept.
  private var current: [String: Entry] = [:]
  /// How many fingerprints were taken afresh.
  public private(set) var taken = 0
  /// The present, in seconds since 1970 (a test's clock may run ahead).
  private let now: @Sendable () -> Int64

  /// The table kept at `path` (a build cache file); empty when there is none or it does not
  /// read. The present is the file system's, as the times it gives files are (a file made
  /// beside the table tells it: a network share's clock may be behind this machine's), or the
  /// system clock where no file can be made there; a test may pass its own.
  public init(path: String?, now: (@Sendable () -> Int64)? = nil) {
    self.path = path
    if let now {
      self.now = now
    } else {
      let present = path.flatMap { Self.fileSystemClock(in: ($0 as NSString).deletingLastPathComponent) }
        ?? Self.systemClock()
      self.now = { present }
    }
    earlier = path.map(Self.load) ?? [:]
  }

  /// The change time of a file just made in `folder` (and removed): the present as that file
  /// system tells it. Nil when no file can be made there.
  public static func fileSystemClock(in folder: String) -> Int64? {
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let probe = folder + "/.clock.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return nil }
    defer {
      close(descriptor)
      unlink(probe)
    }
    return FileStatus(descriptor: descriptor)?.changed
  }

  /// The system's wall clock, in seconds since 1970.
  public static let systemClock: @Sendable () -> Int64 = {
    var clock = timespec()
    clock_gettime(CLOCK_REALTIME, &clock)
    return Int64(clock.tv_sec)
  }

  /// The fingerprint of the file at `file` (an absolute path): remembered, or read. Nil when it
  /// cannot be read.
  public func digest(_ file: String) -> ContentHash? {
    let descriptor = open(file, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    let before = FileStatus(descriptor: descriptor)
    // Taken earlier in this run, or in the last: the same test either way.
    if let before, let entry = lock.withLock({ current[file] ?? earlier[file] }), entry.status == before {
      lock.withLock { current[file] = entry }
      return entry.digest
    }
    guard let digest = ContentHash.file(descriptor: descriptor) else { return nil }
    lock.withLock { taken += 1 }
    // Remembered only when the file did not change while it was read, nor in the last two
    // seconds.
    if let before, let after = FileStatus(descriptor: descriptor), after == before, after.isSettled(at: now()) {
      lock.withLock { current[file] = Entry(status: after, digest: digest) }
    }
    return digest
  }

  /// Keeps the entries of this run's files (not those of files no longer asked for), when they
  /// differ from the table read; a table that cannot be written only means reading again.
  public func save() {
    guard let path else { return }
    let entries = lock.withLock { current }
    guard entries != earlier else { return }
    var out = BinaryWriter(interning: false)
    out.unsigned(UInt64(entries.count))
    for (file, entry) in entries.sorted(by: { $0.key < $1.key }) {
      out.string(file)
      out.fileStatus(entry.status)
      out.contentHash(entry.digest)
    }
    try? CacheFile.store(path, kind: "file digests", key: Self.format, payload: out.bytes)
  }

  /// The table's format; another format is not read.
  static let format = "2"

  private static func load(_ path: String) -> [String: Entry] {
    guard let (bytes, payload) = CacheFile.load(path, kind: "file digests", key: format) else { return [:] }
    var input = BinaryReader(bytes, from: payload, interning: false)
    do {
      var entries: [String: Entry] = [:]
      for _ in 0..<(try input.count()) {
        let file = try input.string()
        entries[file] = Entry(
          status: try input.fileStatus(), digest: try input.contentHash())
      }
      return input.atEnd ? entries : [:]
    } catch {
      return [:]
    }
  }
}
