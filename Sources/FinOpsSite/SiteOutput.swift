import Foundation

/// Where a build's files go. Pages are written from several threads at once, each path once.
public protocol SiteOutput: Sendable {
  /// Writes the file at `path` (relative, `/`-separated).
  func write(_ path: String, _ bytes: [UInt8]) throws
}

/// A site kept in memory: for tests, and for callers that want the files themselves.
public final class SiteFiles: SiteOutput, @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [String: [UInt8]] = [:]

  /// An empty site.
  public init() {}

  /// Keeps one file; a second file for the same path is an error, as in `SiteWriter`.
  public func write(_ path: String, _ bytes: [UInt8]) throws {
    lock.lock()
    defer { lock.unlock() }
    guard storage[path] == nil else { throw SiteWriteError(path: path, duplicate: true) }
    storage[path] = bytes
  }

  /// Every file, as text.
  public var files: [String: String] {
    lock.lock()
    defer { lock.unlock() }
    return storage.mapValues { String(decoding: $0, as: UTF8.self) }
  }
}

/// A count several threads add to.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var total = 0

  /// Adds `amount`.
  func add(_ amount: Int) {
    lock.lock()
    total += amount
    lock.unlock()
  }

  /// The total so far.
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return total
  }
}
