/// A fast 64-bit hash of bytes, a word at a time, for tables that live within one process (it
/// is not stable across versions, and no file keeps it).
public enum ByteHash {
  /// The hash of `count` bytes at `base`.
  @inlinable
  public static func hash(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
    var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
    var offset = 0
    while offset + 8 <= count {
      hash = mix(hash ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset += 8
    }
    if offset < count {
      var tail: UInt64 = 0
      for index in offset..<count {
        tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << (8 * (index - offset))
      }
      hash = mix(hash ^ tail)
    }
    return hash ^ (hash >> 29)
  }

  /// One word's bits spread over all of its bits.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    let product = value &* 0xBF58_476D_1CE4_E5B9
    return product ^ (product >> 31)
  }
}
