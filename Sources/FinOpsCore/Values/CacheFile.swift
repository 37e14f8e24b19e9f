import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Build cache files, written whole: a reader sees the previous file, the new one or none (a
/// miss), never part.
public enum CacheFile {
  /// Writes `bytes` to `path` through a temporary file beside it (`.NAME.PID.RANDOM`), renamed
  /// to it once the old file is removed, making the folder when needed. Temporary files of the
  /// same name left by processes that are no longer running (killed while writing) are removed
  /// first.
  ///
  /// Not renamed over the old file: ext4 then writes the new one out at once (`auto_da_alloc`,
  /// so that a crash cannot leave an empty file where a good one was), about 1.5 ms a megabyte,
  /// the memo and page manifest of every build. A cache file a crash leaves empty or cut is a
  /// miss (its fingerprint does not match), as is none.
  public static func replace(_ path: String, with bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try replace(path, withBytesAt: [$0]) }
  }

  /// `body` given a buffer of the bytes of each of `arrays`, valid while it runs.
  public static func withBuffers<T>(_ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) throws -> T) rethrows -> T {
    func nest(_ index: Int, _ buffers: [UnsafeRawBufferPointer]) throws -> T {
      guard index < arrays.count else { return try body(buffers) }
      return try arrays[index].withUnsafeBytes { try nest(index + 1, buffers + [$0]) }
    }
    return try nest(0, [])
  }

  /// `replace(_:with:)` with the bytes in `pieces` (each valid while this runs), written one
  /// after the other from where they lie (never joined into one array: a cache file can be tens
  /// of megabytes).
  public static func replace(_ path: String, withBytesAt pieces: [UnsafeRawBufferPointer]) throws {
    let folder = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    removeAbandoned(in: folder, name: name)
    let temporary = folder + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
    do {
      let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      defer { close(descriptor) }
      for piece in pieces {
        let failure = writeAll(piece, to: descriptor)
        guard failure == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
      }
      if unlink(path) != 0 && errno != ENOENT { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// Writes a cache document: a first line naming what it is (`kind`), a line with the `key`
  /// it is valid for, a line with the payload's fingerprint, then the payload.
  public static func store(_ path: String, kind: String, key: String, payload: [UInt8]) throws {
    try payload.withUnsafeBytes { try store(path, kind: kind, key: key, payloadAt: [$0]) }
  }

  /// `store(_:kind:key:payload:)` with the payload in `pieces` (each valid while this runs),
  /// fingerprinted and written from where they lie: a manifest written again is mostly runs of
  /// the one read, and gathering them into fresh memory cost more than writing them (the
  /// kernel clears each new page before it is used).
  public static func store(_ path: String, kind: String, key: String, payloadAt pieces: [UnsafeRawBufferPointer]) throws {
    var sum = ContentHash()
    sum.update(pieces: pieces)
    let header = Array("finops \(kind)\n\(key)\n\(sum.hex)\n".utf8)
    try header.withUnsafeBytes { try replace(path, withBytesAt: [$0] + pieces) }
  }

  /// The bytes of the document `store` wrote at `path` for `kind` and `key` (the file mapped
  /// into memory, see `ByteStore`), and where its payload starts; nil when there is none, or
  /// it is another kind's or key's, or it does not match its fingerprint (cut or damaged).
  public static func load(_ path: String, kind: String, key: String) -> (bytes: ByteStore, payload: Int)? {
    guard let (bytes, lines, start) = opened(path, kind: kind, key: key, lines: 1) else { return nil }
    var sum = ContentHash()
    sum.update(UnsafeRawBufferPointer(bytes[start..<bytes.count]))
    return lines[0] == sum.hex ? (bytes, start) : nil
  }

  /// Writes a cache document whose fingerprint covers only the first part of its payload, an
  /// index (`indexAt`), and not the records after it (`recordsAt`), which whoever reads one
  /// checks (by a fingerprint of each the index keeps, say): a build that reads the index of
  /// ten thousand records and two of the records does not fingerprint them all.
  public static func store(
    _ path: String, kind: String, key: String, indexAt index: [UnsafeRawBufferPointer],
    recordsAt records: [UnsafeRawBufferPointer]
  ) throws {
    var sum = ContentHash()
    sum.update(pieces: index)
    let length = index.reduce(0) { $0 + $1.count }
    let header = Array("finops \(kind)\n\(key)\n\(sum.hex)\n\(length)\n".utf8)
    try header.withUnsafeBytes { try replace(path, withBytesAt: [$0] + index + records) }
  }

  /// The bytes of the document the indexed `store` wrote at `path` for `kind` and `key` (mapped),
  /// where its index lies and where its records start (at the index's end); nil when there is
  /// none, or it is another kind's or key's, or its index does not match its fingerprint. The
  /// records are not checked.
  public static func loadIndexed(_ path: String, kind: String, key: String) -> (bytes: ByteStore, index: Range<Int>)? {
    guard let (bytes, lines, start) = opened(path, kind: kind, key: key, lines: 2, populate: false),
      let length = Int(lines[1]), length >= 0, length <= bytes.count - start
    else { return nil }
    // The index made present at once; a record's pages when it is read.
    bytes.populate(start..<start + length)
    var sum = ContentHash()
    sum.update(UnsafeRawBufferPointer(bytes[start..<start + length]))
    return lines[0] == sum.hex ? (bytes, start..<start + length) : nil
  }

  /// The file at `path` mapped, when its first two lines are `kind` and `key`, with the
  /// `count` header lines after them (the fingerprint, then an indexed document's index length)
  /// and where its payload starts.
  private static func opened(
    _ path: String, kind: String, key: String, lines count: Int, populate: Bool = true
  ) -> (ByteStore, [Substring], Int)? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_size >= 0,
      let bytes = ByteStore.map(descriptor, size: Int(info.st_size), populate: populate)
    else { return nil }
    let all = bytes.buffer
    var lines: [Substring] = []
    var start = 0
    for index in all.indices where all[index] == UInt8(ascii: "\n") {
      lines.append(Substring(decoding: all[start..<index], as: UTF8.self))
      start = index + 1
      if lines.count == 2 + count { break }
    }
    guard lines.count == 2 + count, lines[0] == "finops \(kind)", lines[1] == key else { return nil }
    return (bytes, Array(lines[2...]), start)
  }

  /// Whether the file at `path` starts as a document `store` wrote for `kind` and `key` (its
  /// payload unread and unchecked: `load` may still find it damaged).
  public static func starts(_ path: String, kind: String, key: String) -> Bool {
    let header = Array("finops \(kind)\n\(key)\n".utf8)
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: header.count)
    return bytes.withUnsafeMutableBytes { readAll(descriptor, into: $0) } == header.count && bytes == header
  }

  /// The `size` bytes of the file open at `descriptor`, from where it is; nil when fewer read.
  public static func read(_ descriptor: Int32, size: Int) -> [UInt8]? {
    var complete = true
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = readAll(descriptor, into: UnsafeMutableRawBufferPointer(buffer)) ?? 0
      complete = count == size
    }
    return complete ? bytes : nil
  }

  /// Removes `.NAME.PID.RANDOM` files in `folder` older than ten minutes: a write takes
  /// seconds, so such a file was left by a writer that was killed (its process id proves
  /// nothing across containers sharing the folder).
  static func removeAbandoned(in folder: String, name: String) {
    let prefix = ".\(name)."
    let cutoff = Date().addingTimeInterval(-600)
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(prefix) {
      let path = folder + "/" + entry
      guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
        modified < cutoff
      else { continue }
      unlink(path)
    }
  }
}
