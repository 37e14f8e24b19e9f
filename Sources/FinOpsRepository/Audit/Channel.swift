import Foundation

/// A first-in, first-out queue between two threads: `pop` waits until a value arrives or the
/// producer closes the channel. Unbounded, so a producer never waits for its consumer.
final class Channel<Value>: @unchecked Sendable {
  private let condition = NSCondition()
  private var values: [Value] = []
  private var head = 0
  private var closed = false

  /// Appends a value and wakes the consumer.
  func push(_ value: Value) {
    condition.withLock {
      values.append(value)
      condition.signal()
    }
  }

  /// Appends values in order and wakes the consumer once.
  func push(contentsOf newValues: [Value]) {
    guard !newValues.isEmpty else { return }
    condition.withLock {
      values.append(contentsOf: newValues)
      condition.signal()
    }
  }

  /// Marks the end of the values; `pop` returns nil once the queue is empty.
  func close() {
    condition.withLock {
      closed = true
      condition.broadcast()
    }
  }

  /// The oldest value, waiting for one; nil when the channel is closed and empty.
  func pop() -> Value? {
    condition.withLock {
      while head == values.count && !closed { condition.wait() }
      guard head < values.count else { return nil }
      let value = values[head]
      head += 1
      // Drop the consumed prefix now and then, so memory follows the backlog, not the total.
      if head >= 4096 && head * 2 >= values.count {
        values.removeFirst(head)
        head = 0
      }
      return value
    }
  }
}
