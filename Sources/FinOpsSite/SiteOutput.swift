import FinOpsCore
import FinOpsTemplates
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where a build's files go. Pages are written from several threads at once, each path once.
public protocol SiteOutput: Sendable {
  /// Writes the file at `path` (relative, `/`-separated).
  func write(_ path: String, _ bytes: [UInt8]) throws

  /// Writes the file at `path` from the pieces `produce` hands to its sink in order, so that a
  /// large file (the workload export) is never held whole; the sink may empty the buffer.
  func write(_ path: String, streaming produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) throws

  /// Puts the file the previous build wrote at `path` from `key` into this build as it is, if
  /// it is still there as written; returns whether it did.
  func reuse(_ path: String, key: String) throws -> Bool

  /// Notes that the file just written at `path` was made from `key`, for the next build.
  func keep(_ path: String, key: String)

  /// The file the previous build wrote at `path` with parts (`keep(_:key:parts:)`), if it is
  /// still there as written: its key, its bytes and its parts.
  func previous(_ path: String) -> PreviousFile?

  /// The same without its bytes (`PreviousFile.isRead` false), for a file copied from it in
  /// ranges (`write(_:splicing:produce:)`) instead of read.
  func previousUnread(_ path: String) -> PreviousFile?

  /// Writes the file at `path` from what `produce` hands over, in order: pieces to its `sink`
  /// (which may empty them), and ranges of `previous` (this output's `previousUnread(path)` or
  /// `previous(path)`) to `copy`, which copies them as they are in that file. Throws when that
  /// file changed while it was copied from.
  func write(
    _ path: String, splicing previous: PreviousFile,
    produce: (_ sink: (inout [UInt8]) throws -> Void, _ copy: (Range<Int>) throws -> Void) throws -> Void
  ) throws

  /// Notes that the file just written at `path` was made from `key` and has `parts`, so that
  /// the next build can copy what it still has the key of: the workload export record by
  /// record, a page but for the build time it shows.
  func keep(_ path: String, key: String, parts: [FilePart])

  /// Notes, as `keep(_:key:parts:)` does, the file just written at `path`, with the fragments
  /// its render noted (`TemplateFragments`), for the next render of it.
  func keep(_ path: String, key: String, parts: [FilePart], fragments: [TemplateFragment])

  /// Notes that the file just written at `path` is the last build's with a new build time.
  func redated(_ path: String)

  /// Takes the previous build's file at `path` into this build with `time` written over the
  /// build time it shows (its parts keyed `FilePart.time`), in place, as the build is put in place: when that file
  /// was written from `key` and a build time as long as `time`, and is still as written. Kept
  /// under `key` and `time`; returns whether it did.
  func redate(_ path: String, key: String, time: String) throws -> Bool

  /// Counts the rows of the lists of the page just rendered at `path` (`TemplateFragments`),
  /// and how many of them were copied from the last build's file.
  func rendered(_ path: String, rows: Int, copied: Int)
}

/// One part of a file, and the key it was made from.
public struct FilePart: Sendable, Equatable {
  /// The key of a part that holds the build time (`SiteOutput.redate`).
  public static let time = "time"

  /// What the part was made from (a fingerprint, as for a page).
  public var key: String
  /// Where it is in the file, in bytes.
  public var range: Range<Int>

  public init(key: String, range: Range<Int>) {
    self.key = key
    self.range = range
  }
}

/// A file of the previous build, with its key and its parts.
public struct PreviousFile: Sendable {
  /// What the file was made from.
  public let key: String
  /// The file's bytes; none when it was not read (`isRead`).
  public let bytes: [UInt8]
  /// Whether `bytes` are the file's.
  public let isRead: Bool
  /// The parts, in the order of their places.
  public let parts: [FilePart]
  /// The fragments its render noted, in order.
  public let fragments: [TemplateFragment]
  /// Each part's position in `parts`, by key (the last of several with one key).
  let places: [String: Int]

  /// `parts` of `bytes`; nil when a part lies outside them or overlaps the one before.
  init?(key: String = "", bytes: [UInt8], parts: [FilePart], fragments: [TemplateFragment] = []) {
    self.init(key: key, bytes: bytes, size: bytes.count, parts: parts, fragments: fragments)
  }

  /// `parts` of the file of `size` bytes, not read; nil when a part lies outside it or overlaps
  /// the one before.
  init?(key: String, unreadSize size: Int, parts: [FilePart]) {
    self.init(key: key, bytes: nil, size: size, parts: parts, fragments: [])
  }

  private init?(key: String, bytes: [UInt8]?, size: Int, parts: [FilePart], fragments: [TemplateFragment]) {
    var places: [String: Int] = [:]
    places.reserveCapacity(parts.count)
    var end = 0
    for (index, part) in parts.enumerated() {
      guard part.range.lowerBound >= end, part.range.upperBound <= size else { return nil }
      end = part.range.upperBound
      places[part.key] = index
    }
    self.key = key
    self.bytes = bytes ?? []
    isRead = bytes != nil
    self.parts = parts
    self.fragments = fragments
    self.places = places
  }

  /// The position in `parts` of the part made from `key`, and its place in the file.
  public func place(_ key: String) -> (index: Int, range: Range<Int>)? {
    places[key].map { ($0, parts[$0].range) }
  }
}

extension SiteOutput {
  /// Gathers the pieces and writes them as one file.
  public func write(_ path: String, streaming produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) throws {
    try write(path, try gathered(produce))
  }
}

extension SiteOutput {
  /// An output without a previous build never reuses a file.
  public func reuse(_ path: String, key: String) throws -> Bool { false }

  /// An output without a next build keeps no keys.
  public func keep(_ path: String, key: String) {}

  /// An output without a previous build has no parts to give.
  public func previous(_ path: String) -> PreviousFile? { nil }

  /// The previous file as `previous(_:)` gives it, read.
  public func previousUnread(_ path: String) -> PreviousFile? { previous(path) }

  /// Writes the pieces, and the ranges of `previous`'s bytes (it must have been read).
  public func write(
    _ path: String, splicing previous: PreviousFile,
    produce: (_ sink: (inout [UInt8]) throws -> Void, _ copy: (Range<Int>) throws -> Void) throws -> Void
  ) throws {
    try write(path, streaming: { sink in
      try withoutActuallyEscaping(sink) { sink in
        // Each piece handed on and let go: a range is copied after exactly what came before.
        let handOn: (inout [UInt8]) throws -> Void = { piece in
          try sink(&piece)
          piece.removeAll(keepingCapacity: true)
        }
        try produce(handOn) { range in
          guard previous.isRead else { throw SiteWriteError(path: path, errno: EINVAL) }
          var piece = Array(previous.bytes[range])
          try sink(&piece)
        }
      }
    })
  }

  /// An output without a next build keeps no parts.
  public func keep(_ path: String, key: String, parts: [FilePart]) {}

  /// An output without a next build keeps no fragments: the file is kept with its parts.
  public func keep(_ path: String, key: String, parts: [FilePart], fragments: [TemplateFragment]) {
    keep(path, key: key, parts: parts)
  }

  /// An output without a previous build counts nothing.
  public func redated(_ path: String) {}

  /// An output without a previous build has no file to write a new time into.
  public func redate(_ path: String, key: String, time: String) throws -> Bool { false }

  /// An output without a previous build counts nothing.
  public func rendered(_ path: String, rows: Int, copied: Int) {}
}

/// A site kept in memory: for tests, and for callers that want the files themselves.
public final class SiteFiles: SiteOutput, @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [String: [UInt8]] = [:]

  /// An empty site.
  public init() {}

  /// Keeps one file.
  public func write(_ path: String, _ bytes: [UInt8]) throws {
    lock.lock()
    defer { lock.unlock() }
    storage[path] = bytes
  }

  /// Every file, as text.
  public var files: [String: String] {
    lock.lock()
    defer { lock.unlock() }
    return storage.mapValues { String(decoding: $0, as: UTF8.self) }
  }
}

/// The paths a build has written, claimed from several threads: two pages for one path (an org
/// unit or a person whose page name clashes with another's) are an error naming the path, never
/// one file of both.
final class WrittenPaths: @unchecked Sendable {
  private let lock = NSLock()
  private var paths: Set<String> = []

  /// Claims `path`; throws when a page already did.
  func claim(_ path: String) throws {
    lock.lock()
    defer { lock.unlock() }
    guard paths.insert(path).inserted else { throw SiteWriteError(path: path, duplicate: true) }
  }

  /// How many paths were written.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return paths.count
  }
}

/// An output that claims each path before writing it, so that two pages for one path are an
/// error naming it, whichever way the pages write.
struct ClaimedOutput<Output: SiteOutput>: SiteOutput {
  let output: Output
  let written = WrittenPaths()

  func write(_ path: String, _ bytes: [UInt8]) throws {
    try written.claim(path)
    try output.write(path, bytes)
  }

  func write(_ path: String, streaming produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) throws {
    try written.claim(path)
    try output.write(path, streaming: produce)
  }

  func reuse(_ path: String, key: String) throws -> Bool {
    guard try output.reuse(path, key: key) else { return false }
    try written.claim(path)
    return true
  }

  func keep(_ path: String, key: String) { output.keep(path, key: key) }

  func previous(_ path: String) -> PreviousFile? { output.previous(path) }

  func previousUnread(_ path: String) -> PreviousFile? { output.previousUnread(path) }

  func write(
    _ path: String, splicing previous: PreviousFile,
    produce: (_ sink: (inout [UInt8]) throws -> Void, _ copy: (Range<Int>) throws -> Void) throws -> Void
  ) throws {
    try written.claim(path)
    try output.write(path, splicing: previous, produce: produce)
  }

  func keep(_ path: String, key: String, parts: [FilePart]) { output.keep(path, key: key, parts: parts) }

  func keep(_ path: String, key: String, parts: [FilePart], fragments: [TemplateFragment]) {
    output.keep(path, key: key, parts: parts, fragments: fragments)
  }

  func redated(_ path: String) { output.redated(path) }

  func redate(_ path: String, key: String, time: String) throws -> Bool {
    guard try output.redate(path, key: key, time: time) else { return false }
    try written.claim(path)
    return true
  }

  func rendered(_ path: String, rows: Int, copied: Int) { output.rendered(path, rows: rows, copied: copied) }
}
