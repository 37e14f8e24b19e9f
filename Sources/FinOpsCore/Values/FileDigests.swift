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
  /// What the file system said of a file when its fingerprint was taken.
  struct Entry: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int64
    var changed: Int64
    var changedNanoseconds: Int64
    var digest: ContentHash

    /// The entry for an open file as it is now, with `digest`.
    init?(descriptor: Int32, digest: ContentHash) {
      var info = stat()
      guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
      #if canImport(Darwin)
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
      #else
        let (modified, changed) = (info.st_mtim, info.st_ctim)
      #endif
      self.init(
        device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
        modified: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec),
        changed: Int64(changed.tv_sec), changedNanoseconds: Int64(changed.tv_nsec), digest: digest)
    }

    init(
      device: UInt64, inode: UInt64, size: Int64, modified: Int64, modifiedNanoseconds: Int64,
      changed: Int64, changedNanoseconds: Int64, digest: ContentHash
    ) {
      self.device = device
      self.inode = inode
      self.size = size
      self.modified = modified
      self.modifiedNanoseconds = modifiedNanoseconds
      self.changed = changed
      self.changedNanoseconds = changedNanoseconds
      self.digest = digest
    }

    /// Whether the file is the one this entry describes (everything but the fingerprint).
    func describes(_ other: Entry) -> Bool {
      var other = other
      other.digest = digest
      return other == self
    }
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
  /// read.
  public init(path: String?, now: @escaping @Sendable () -> Int64 = FileDigests.systemClock) {
    self.path = path
    self.now = now
    earlier = path.map(Self.load) ?? [:]
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
    let before = Entry(descriptor: descriptor, digest: ContentHash())
    // Taken earlier in this run, or in the last: the same test either way.
    if let before, let entry = lock.withLock({ current[file] ?? earlier[file] }), entry.describes(before) {
      lock.withLock { current[file] = entry }
      return entry.digest
    }
    guard let digest = ContentHash.file(descriptor: descriptor) else { return nil }
    lock.withLock { taken += 1 }
    // Remembered only when the file did not change while it was read, nor in the last two
    // seconds.
    if let before, let after = Entry(descriptor: descriptor, digest: digest), after.describes(before),
      max(after.modified, after.changed) < now() - 2
    {
      lock.withLock { current[file] = after }
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
      out.unsigned(entry.device)
      out.unsigned(entry.inode)
      for value in [entry.size, entry.modified, entry.modifiedNanoseconds, entry.changed, entry.changedNanoseconds] {
        out.int(Int(value))
      }
      let words = entry.digest.words
      out.unsigned(words.0)
      out.unsigned(words.1)
      out.unsigned(words.2)
    }
    try? CacheFile.store(path, kind: "file digests", key: Self.format, payload: out.bytes)
  }

  /// The table's format; another format is not read.
  static let format = "1"

  private static func load(_ path: String) -> [String: Entry] {
    guard let (bytes, payload) = CacheFile.load(path, kind: "file digests", key: format) else { return [:] }
    var input = BinaryReader(bytes, from: payload)
    do {
      var entries: [String: Entry] = [:]
      for _ in 0..<(try input.count()) {
        let file = try input.string()
        entries[file] = Entry(
          device: try input.unsigned(), inode: try input.unsigned(), size: Int64(try input.int()),
          modified: Int64(try input.int()), modifiedNanoseconds: Int64(try input.int()),
          changed: Int64(try input.int()), changedNanoseconds: Int64(try input.int()),
          digest: ContentHash(words: (try input.unsigned(), try input.unsigned(), try input.unsigned())))
      }
      return input.atEnd ? entries : [:]
    } catch {
      return [:]
    }
  }
}
