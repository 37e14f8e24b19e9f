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

/// A count several threads add to.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var total = 0

  func add(_ amount: Int) {
    lock.lock()
    total += amount
    lock.unlock()
  }

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return total
  }
}
