import FinOpsCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Finds the component ids in use and picks new ones that are unique in the repository.
public enum ComponentIDs {
  /// Every id in the workload files on disk (committed or not, in subfolders too), read by a
  /// byte scan of their front matter (no YAML decoding), so a new id costs milliseconds even in
  /// a large repository.
  public static func inUse(_ repository: Repository, paths listed: [String]? = nil) -> Set<String> {
    let paths = listed ?? (try? repository.unsortedWorkloadPaths()) ?? []
    let found = parallelMap(paths.count) { index in
      ids(inFileAt: repository.absolute(paths[index]))
    }
    return Set(found.joined())
  }

  /// The ids in one file, read with plain system calls into a scratch buffer until the front
  /// matter closes (or the file ends); none when the file cannot be opened.
  private static func ids(inFileAt path: String) -> [String] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    // Big enough for nearly every workload in one read; no fstat for the size, as a system call
    // per file is a measurable share of the whole scan.
    var capacity = 16 * 1024
    var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var filled = 0
    while true {
      let count = read(descriptor, buffer + filled, capacity - filled)
      if count < 0, errno == EINTR { continue }
      if count > 0 { filled += count }
      let found = scan(UnsafeBufferPointer(start: buffer, count: filled))
      if count <= 0 || found.isClosed { return found.ids }
      if filled == capacity {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
        larger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = larger
        capacity *= 2
      }
    }
  }

  /// The ids a scan found, and whether it reached the line that closes the front matter (so
  /// what follows cannot hold more).
  struct Scan {
    /// The values of the `id:` keys, in file order.
    var ids: [String]
    /// Whether the closing `---` line was reached.
    var isClosed: Bool
  }

  /// The values of the `id:` keys in one file's front matter (or as much of it as `bytes` holds),
  /// which ends at the first line after the opening one that starts with `---`.
  ///
  /// Each line is checked for `id:` after its indentation and list dashes, so an id is found
  /// wherever it sits in its item, in LF or CRLF files, with or without a byte order mark, plain
  /// or quoted. Other keys named `id` are collected too, which only keeps more ids out of use.
  static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
    guard let base = bytes.baseAddress else { return Scan(ids: [], isClosed: false) }
    var ids: [String] = []
    var start = 0
    var isFirstLine = true
    while start < bytes.count {
      let end =
        memchr(base + start, Int32(Byte.newline), bytes.count - start)
        .map { UnsafeRawPointer(base).distance(to: $0) } ?? bytes.count
      if !isFirstLine, end - start >= 3, bytes[start] == Byte.dash, bytes[start + 1] == Byte.dash,
        bytes[start + 2] == Byte.dash
      {
        return Scan(ids: ids, isClosed: true)
      }
      if let id = idValue(bytes, from: start, to: end) { ids.append(id) }
      isFirstLine = false
      start = end + 1
    }
    return Scan(ids: ids, isClosed: false)
  }

  /// The value of the line `bytes[start..<end]` when it is an `id:` key, without quotes or a
  /// trailing comment; nil for any other line.
  private static func idValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
    -> String?
  {
    var index = start
    while index < end, bytes[index] == Byte.space || bytes[index] == Byte.dash { index += 1 }
    guard end - index >= 3, bytes[index] == Byte.i, bytes[index + 1] == Byte.d else { return nil }
    index += 2
    while index < end, Byte.isBlank(bytes[index]) { index += 1 }
    // A key's colon is followed by a blank (`id:x` is a plain scalar, not a key).
    guard end - index >= 2, bytes[index] == Byte.colon, Byte.isBlank(bytes[index + 1]) else {
      return nil
    }
    index += 2
    while index < end, Byte.isBlank(bytes[index]) { index += 1 }
    var last = end
    if index < end, bytes[index] == Byte.doubleQuote || bytes[index] == Byte.singleQuote {
      let quote = bytes[index]
      index += 1
      last = index
      while last < end, bytes[last] != quote { last += 1 }
    } else {
      // A plain value runs to the line end or to a ` #` comment.
      var hash = index + 1
      while hash < end, !(bytes[hash] == Byte.hash && Byte.isBlank(bytes[hash - 1])) { hash += 1 }
      last = min(hash, end)
      while last > index, Byte.isBlank(bytes[last - 1]) || bytes[last - 1] == Byte.carriageReturn {
        last -= 1
      }
    }
    guard index < last else { return nil }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<last]), as: UTF8.self)
  }

  /// The bytes the scan looks for.
  private enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let dash = UInt8(ascii: "-")
    static let colon = UInt8(ascii: ":")
    static let hash = UInt8(ascii: "#")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let i = UInt8(ascii: "i")
    static let d = UInt8(ascii: "d")

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
  }

  /// A new id not in `used`, derived from `seed` (so a pinned clock gives a stable id).
  public static func next(seed: String, avoiding used: Set<String>) -> String {
    let alphabet = Identifiers.componentIDAlphabet
    var attempt = 0
    while true {
      // FNV-1a over the seed and the attempt number.
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in (seed + "#\(attempt)").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
      var id = ""
      for _ in 0..<4 {
        id.append(alphabet[Int(hash % UInt64(alphabet.count))])
        hash /= UInt64(alphabet.count)
      }
      if !used.contains(id) { return id }
      attempt += 1
    }
  }
}
