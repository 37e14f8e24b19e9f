import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Texts that repeat from file to file (owners' and engineers' emails, model IDs, step names)
/// decoded into one shared `String` each, by whichever thread decodes them: ten thousand
/// workload files held 225,000 long scalars, 64,000 of them different.
///
/// A direct-mapped cache: each text hashes to one of about `capacity` slots, and a text that
/// lands on an occupied slot replaces it. Its memory is fixed whatever the input; a text is always
/// returned exactly, and a miss costs only the decode it saves otherwise. Texts of up to 15
/// bytes, which Swift keeps inline, are decoded as they are.
public final class StringCache: Sendable {
  /// The slots in stripes, each under a lock of its own: with one lock for all, the two
  /// threads decoding files waited on each other (a quarter more CPU for the load).
  private let stripes: [Stripe]
  private let mask: Int

  private final class Stripe: Sendable {
    let slots: Mutex<[String?]>

    init(_ count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
  }

  /// A cache of about `capacity` slots (a power of two, in 64 stripes).
  public init(capacity: Int = 65_536) {
    var size = 1
    while size < max(capacity / 64, 1) { size <<= 1 }
    stripes = (0..<64).map { _ in Stripe(size) }
    mask = size - 1
  }

  /// The text of `bytes` (as `String(decoding:as:)` makes it), shared with an earlier equal
  /// text while the cache holds it.
  public func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.count > 15, let base = bytes.baseAddress else {
      return String(decoding: bytes, as: UTF8.self)
    }
    let hash = ByteHash.hash(UnsafeRawPointer(base), bytes.count)
    let slot = Int(truncatingIfNeeded: hash) & mask
    return stripes[Int(truncatingIfNeeded: hash >> 58)].slots.withLock { slots in
      if let known = slots[slot], Self.same(known, base, bytes.count) { return known }
      let made = String(decoding: bytes, as: UTF8.self)
      slots[slot] = made
      return made
    }
  }

  /// Whether `text`'s UTF-8 is exactly the `count` bytes at `base` (read in place).
  private static func same(_ text: String, _ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    text.utf8.withContiguousStorageIfAvailable { stored in
      stored.count == count && memcmp(stored.baseAddress!, base, count) == 0
    } ?? text.utf8.elementsEqual(UnsafeBufferPointer(start: base, count: count))
  }
}
