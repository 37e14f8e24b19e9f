import Foundation

/// Maps `0..<count` through `body` on every core, keeping the order; scheduled like
/// `parallelEach`, each thread taking the next index when it is free. Each value is made in its
/// place in the array returned (ten thousand decoded records kept apart first, then moved in,
/// touched twice the memory).
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
  guard count > 1 else { return (0..<count).map(body) }
  return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
    let places = Places(buffer.baseAddress!)
    // `body` cannot throw, so neither can this: every index is made, once.
    try? parallelEach(count) { index in places.initialize(index, to: body(index)) }
    initialized = count
  }
}

/// `parallelMap` for a body that gives two values, kept as two arrays (each made without
/// copying the other's values).
public func parallelMapPairs<A: Sendable, B: Sendable>(_ count: Int, _ body: @Sendable (Int) -> (A, B)) -> ([A], [B]) {
  guard count > 1 else {
    let pairs = (0..<count).map(body)
    return (pairs.map(\.0), pairs.map(\.1))
  }
  var second: [B] = []
  let first = Array<A>(unsafeUninitializedCapacity: count) { firstBuffer, firstCount in
    second = Array(unsafeUninitializedCapacity: count) { secondBuffer, secondCount in
      let (firsts, seconds) = (Places(firstBuffer.baseAddress!), Places(secondBuffer.baseAddress!))
      try? parallelEach(count) { index in
        let (a, b) = body(index)
        firsts.initialize(index, to: a)
        seconds.initialize(index, to: b)
      }
      secondCount = count
    }
    firstCount = count
  }
  return (first, second)
}

/// Joins, in index order, what `body` makes for each index of `counts`, on every core: index
/// `i` makes exactly `counts[i]` values, each handed to the `add` it is given and put straight
/// in its place in the array returned. (Lists made apart and then joined copied every value,
/// taking and dropping a reference count on each of its strings and arrays.)
public func parallelJoined<T: Sendable>(
  _ counts: [Int], _ body: @Sendable (Int, (T) -> Void) -> Void
) -> [T] {
  var offsets: [Int] = []
  offsets.reserveCapacity(counts.count)
  var total = 0
  for count in counts {
    precondition(count >= 0, "parallelJoined: a negative count")
    offsets.append(total)
    total += count
  }
  let starts = offsets
  return Array(unsafeUninitializedCapacity: total) { buffer, initialized in
    guard total > 0, let base = buffer.baseAddress else { return }
    let places = Places(base)
    // `body` cannot throw, so neither can this: every index is made, once.
    try? parallelEach(counts.count) { index in
      let (offset, count) = (starts[index], counts[index])
      var made = 0
      body(index) { value in
        precondition(made < count, "parallelJoined: more values than counted")
        places.initialize(offset + made, to: value)
        made += 1
      }
      precondition(made == count, "parallelJoined: fewer values than counted")
    }
    initialized = total
  }
}

/// The places of an array being made by `parallelMap` or `parallelJoined`: each is initialized
/// by exactly one iteration, and the array is read only after all of them finish, so they
/// never race.
private struct Places<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>

  init(_ base: UnsafeMutablePointer<T>) { self.base = base }

  func initialize(_ index: Int, to value: T) { (base + index).initialize(to: value) }
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

/// A value made on a thread of its own from the moment this is made, for whoever asks for it
/// later (`value` waits until it is made, and every caller gets the same value): for work that
/// can go on while other stages run, such as looking at the files a later stage will judge.
public final class Eventually<T: Sendable>: @unchecked Sendable {
  private let slot = Slots<T>(1)
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var made: T?

  /// Starts making the value with `make`.
  public init(_ make: @escaping @Sendable () -> T) {
    let (slot, done) = (slot, done)
    let thread = Thread {
      slot.set(0, make())
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// The value, once made, handed over to the one caller who asks for it this way: for a value
  /// the caller goes on to change (`value` keeps a copy, which a change would copy from). Neither
  /// `value` nor `take` may be asked after it.
  public func take() -> T {
    done.wait()
    return slot.take()[0]
  }

  /// The value, once made.
  public var value: T {
    lock.withLock {
      if let made { return made }
      done.wait()
      let value = slot.take()[0]
      made = value
      return value
    }
  }
}
