import Foundation

/// Turns repeated field values (accounts, meters, principals) into one shared `String` each, so
/// reading a million rows does not build a million copies of the same text.
///
/// Bounded: once it holds `capacity` distinct values it starts afresh, so memory stays flat
/// whatever the file's size or cardinality.
public struct ByteInterner: Sendable {
  private var table: [UInt64: String] = [:]
  private let capacity: Int

  /// Creates an interner holding at most `capacity` values.
  public init(capacity: Int = 65_536) { self.capacity = capacity }

  /// The text of `bytes`, shared with earlier equal values.
  public mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // Short strings are stored inline by Swift; nothing to share.
    if bytes.count <= 15 { return String(decoding: bytes, as: UTF8.self) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    if let existing = table[hash], Self.equal(existing, bytes) { return existing }
    let text = String(decoding: bytes, as: UTF8.self)
    if table.count >= capacity { table.removeAll(keepingCapacity: true) }
    table[hash] = text
    return text
  }

  private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var text = text
    return text.withUTF8 { stored in
      guard stored.count == bytes.count else { return false }
      guard let left = stored.baseAddress, let right = bytes.baseAddress else { return true }
      return memcmp(left, right, stored.count) == 0
    }
  }
}
