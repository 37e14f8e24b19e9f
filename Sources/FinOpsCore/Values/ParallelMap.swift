import Foundation

/// Maps `0..<count` through `body` on every core, keeping the order; scheduled like
/// `parallelEach`, each thread taking the next index when it is free.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
  guard count > 1 else { return (0..<count).map(body) }
  let slots = Slots<T>(count)
  // `body` cannot throw, so neither can this.
  try? parallelEach(count) { index in slots.set(index, body(index)) }
  return slots.take()
}

/// `parallelMap` for a body that gives two values, kept as two arrays (each made without
/// copying the other's values).
public func parallelMapPairs<A: Sendable, B: Sendable>(_ count: Int, _ body: @Sendable (Int) -> (A, B)) -> ([A], [B]) {
  guard count > 1 else {
    let pairs = (0..<count).map(body)
    return (pairs.map(\.0), pairs.map(\.1))
  }
  let first = Slots<A>(count), second = Slots<B>(count)
  try? parallelEach(count) { index in
    let (a, b) = body(index)
    first.set(index, a)
    second.set(index, b)
  }
  return (first.take(), second.take())
}

/// Result slots for `parallelMap`: each index is written by exactly one iteration and read only
/// after all of them finish, so the slots never race.
private final class Slots<T>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<T?>
  private let count: Int

  init(_ count: Int) {
    self.count = count
    base = .allocate(capacity: count)
    base.initialize(repeating: nil, count: count)
  }

  /// Whether the values were moved out (`take()`).
  private var taken = false

  func set(_ index: Int, _ value: T) { base[index] = value }

  /// Every value, moved out rather than copied (a copy of ten thousand decoded workloads
  /// retains and then releases each of their strings and arrays); every slot must be set.
  func take() -> [T] {
    precondition(!taken)
    taken = true
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
      for index in 0..<count { (buffer.baseAddress! + index).initialize(to: (base + index).move()!) }
      initialized = count
    }
  }

  deinit {
    if !taken { base.deinitialize(count: count) }
    base.deallocate()
  }
}

/// Runs `first` on the calling thread and `second` on a thread of its own at the same time, and
/// returns both results once both are done: for two independent stretches of work, such as
/// reading a cache's index while the configuration is decoded. Not through `concurrentPerform`:
/// a `parallelMap` inside one of its iterations would run on one core.
public func concurrently<A: Sendable, B: Sendable>(
  _ first: () -> A, _ second: @escaping @Sendable () -> B
) -> (A, B) {
  let slot = Slots<B>(1)
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    slot.set(0, second())
    done.signal()
  }
  thread.stackSize = 8 << 20
  thread.start()
  let a = first()
  done.wait()
  return (a, slot.take()[0])
}
