import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on all cores, each thread taking the next few
/// indexes when it is free, so a few large items (a business unit's page) do not hold up the
/// rest. Stops handing out indexes after an error, and rethrows the error of the lowest index
/// that failed, so the same input always reports the same error.
public func parallelEach(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
  let threads = min(count, ProcessInfo.processInfo.activeProcessorCount)
  // Indexes go out in runs of up to 64, a sixteenth of each thread's share at most: ten
  // thousand small items (a look at a file's status each) taken one by one under a lock kept
  // two threads waiting on each other.
  let queue = WorkQueue(count, run: max(1, min(64, count / max(1, threads * 16))))
  DispatchQueue.concurrentPerform(iterations: threads) { _ in
    while let indexes = queue.next() {
      for index in indexes {
        do {
          try body(index)
        } catch {
          queue.fail(error, at: index)
          break
        }
      }
    }
  }
  if let error = queue.error { throw error }
}

/// Folds the indexes `0..<count` into one state per thread, on all cores: each thread makes a
/// state with `start`, then takes the next index whenever it is free (in index order) and folds
/// it in with `body`. Returns the states, one per thread, in no particular order: for items that
/// each add to a large running state that threads must not share (summed apart, merged after).
public func parallelFold<State: Sendable>(
  _ count: Int, start: @Sendable () -> State, _ body: @Sendable (inout State, Int) -> Void
) -> [State] {
  let queue = WorkQueue(count, run: 1)
  return parallelMap(min(count, ProcessInfo.processInfo.activeProcessorCount)) { _ in
    var state = start()
    while let indexes = queue.next() {
      for index in indexes { body(&state, index) }
    }
    return state
  }
}

/// The next indexes to work on, and the first error.
private final class WorkQueue: @unchecked Sendable {
  private let lock = NSLock()
  private let count: Int
  private let run: Int
  private var position = 0
  private var failure: (index: Int, error: any Error)?

  init(_ count: Int, run: Int) {
    self.count = count
    self.run = run
  }

  func next() -> Range<Int>? {
    lock.lock()
    defer { lock.unlock() }
    guard failure == nil, position < count else { return nil }
    let start = position
    position = min(count, position + run)
    return start..<position
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
