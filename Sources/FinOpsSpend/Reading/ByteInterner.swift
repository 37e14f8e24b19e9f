import FinOpsCore
import Foundation

/// Turns repeated field values (meters, tags, principals) into one shared `String` each, so
/// reading a million rows neither decodes nor allocates a million copies of the same text.
///
/// A direct-mapped cache: each value hashes (eight bytes at a time) to one of `capacity` slots,
/// and a value that lands on an occupied slot replaces it. Memory is fixed whatever the file's
/// size or cardinality; a value is always returned exactly, a miss only costs a decode.
public struct ByteInterner: Sendable {
  private struct Entry: Sendable {
    var hash: UInt64
    var text: String
  }

  private var slots: [Entry?]
  private let mask: Int

  /// A short value (up to 15 bytes, which Swift stores inline) as its bytes in two words, zero
  /// padded, with the text made from them.
  private struct ShortEntry: Sendable {
    var low: UInt64
    var high: UInt64
    var count: Int
    var text: String
  }

  private var shortSlots = [ShortEntry?](repeating: nil, count: 256)

  /// Creates an interner with `capacity` slots, rounded up to a power of two.
  public init(capacity: Int = 65_536) {
    var size = 1
    while size < capacity { size <<= 1 }
    slots = Array(repeating: nil, count: size)
    mask = size - 1
  }

  /// The text of `bytes`, shared with an earlier equal value when the cache still holds it.
  public mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.count > 15, let base = bytes.baseAddress else { return short(bytes) }
    let hash = Self.hash(UnsafeRawPointer(base), bytes.count)
    let slot = Int(truncatingIfNeeded: hash) & mask
    if let entry = slots[slot], entry.hash == hash, Self.equal(entry.text, base, bytes.count) {
      return entry.text
    }
    let text = String(decoding: bytes, as: UTF8.self)
    slots[slot] = Entry(hash: hash, text: text)
    return text
  }

  /// A short value: Swift stores it inline, so there is nothing to share, but finding it again
  /// by its two words is cheaper than validating and decoding it (accounts, Regions, services,
  /// currencies and categories are short and repeat on every row).
  private mutating func short(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let words = Self.words(bytes)
    let slot = Int(
      truncatingIfNeeded: Self.mix(words.low ^ (words.high &* 31) ^ UInt64(bytes.count)) >> 56)
    if let entry = shortSlots[slot], entry.low == words.low, entry.high == words.high,
      entry.count == bytes.count
    {
      return entry.text
    }
    let text = String(decoding: bytes, as: UTF8.self)
    shortSlots[slot] = ShortEntry(
      low: words.low, high: words.high, count: bytes.count, text: text)
    return text
  }

  /// Up to 15 bytes as two little-endian words, zero padded. Overlapping loads that stay inside
  /// the buffer, shifted into place: no byte loop and no call to copy memory.
  static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (low: UInt64, high: UInt64) {
    let count = bytes.count
    guard count > 0, let base = bytes.baseAddress else { return (0, 0) }
    let raw = UnsafeRawPointer(base)
    func load64(_ offset: Int) -> UInt64 {
      UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    func load32(_ offset: Int) -> UInt64 {
      UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }
    switch count {
    case 8...:
      // Bytes count-8..<count, moved down so that byte 8 lands at the bottom.
      return (load64(0), count == 8 ? 0 : load64(count - 8) >> UInt64(8 * (16 - count)))
    case 4...:
      // Two loads of four that overlap on equal bytes.
      return (load32(0) | load32(count - 4) << UInt64(8 * (count - 4)), 0)
    default:
      var low: UInt64 = 0
      for index in 0..<count { low |= UInt64(base[index]) << UInt64(8 * index) }
      return (low, 0)
    }
  }

  /// A 64-bit hash of a string's UTF-8, a word at a time: much cheaper than `Hasher` for the
  /// long meters and ARNs that attribution keys on, and only ever fed to a `Hasher` as one word.
  static func hash(_ text: String?) -> UInt64 {
    guard var text else { return 0 }
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return 1 }
      return hash(UnsafeRawPointer(base), bytes.count)
    }
  }

  /// Whether two strings have the same UTF-8 bytes: the equality that goes with `hash(_:)`.
  /// `String`'s own `==` also equates canonically equivalent spellings (a precomposed é and an e
  /// with a combining accent), which hash apart here.
  /// Both are read in place (a copy of each, as `withUTF8` needs, took and dropped a reference
  /// count on each: attribution compares a row's five names with the last row's).
  static func sameBytes(_ first: String?, _ second: String?) -> Bool {
    guard let first, let second else { return first == nil && second == nil }
    let same = first.utf8.withContiguousStorageIfAvailable { one in
      second.utf8.withContiguousStorageIfAvailable { other -> Bool in
        guard one.count == other.count else { return false }
        guard let base = one.baseAddress, let otherBase = other.baseAddress, base != otherBase
        else { return true }
        return memcmp(base, otherBase, one.count) == 0
      }
    }
    if let same, let same { return same }
    return first.utf8.elementsEqual(second.utf8)
  }

  /// A 64-bit hash of `count` bytes at `base`, a word at a time (`ByteHash`).
  private static func hash(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
    ByteHash.hash(base, count)
  }

  private static func mix(_ value: UInt64) -> UInt64 { ByteHash.mix(value) }

  /// Whether `text` is the `count` bytes at `bytes`, read in place (as `sameBytes` reads): a
  /// copy for `withUTF8` took and dropped a reference count on every long value of every row.
  private static func equal(_ text: String, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let same = text.utf8.withContiguousStorageIfAvailable { stored -> Bool in
      guard stored.count == count, let base = stored.baseAddress else { return false }
      return memcmp(base, bytes, count) == 0
    }
    if let same { return same }
    return text.utf8.elementsEqual(UnsafeBufferPointer(start: bytes, count: count))
  }
}
