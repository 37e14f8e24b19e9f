import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on all cores, each thread taking the next index
/// when it is free, so a few large items (a business unit's page) do not hold up the rest. Stops
/// handing out indexes after an error, and rethrows the error of the lowest index that failed,
/// so the same input always reports the same error.
public func parallelEach(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
  let queue = WorkQueue(count)
  DispatchQueue.concurrentPerform(iterations: min(count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
    while let index = queue.next() {
      do {
        try body(index)
      } catch {
        queue.fail(error, at: index)
      }
    }
  }
  if let error = queue.error { throw error }
}

/// The next index to work on, and the first error.
private final class WorkQueue: @unchecked Sendable {
  private let lock = NSLock()
  private let count: Int
  private var position = 0
  private var failure: (index: Int, error: any Error)?

  init(_ count: Int) { self.count = count }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard failure == nil, position < count else { return nil }
    position += 1
    return position - 1
  }

  func fail(_ error: any Error, at index: Int) {
    lock.lock()
    defer { lock.unlock() }
    if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
  }

  var error: (any Error)? {
    lock.lock()
    defer { lock.unlock() }
    return failure?.error
  }
}
