/// Tests on eight bytes at once, read as one little-endian word (SWAR): the scanners of HTML and
/// JSON escaping, CSV fields and workload lines skip eight ordinary bytes with one test.
///
/// Each test sets the high bit of every byte that matches. A borrow can also flag a byte after a
/// true match (never before one), so no flag means no match and the lowest flag is a true one.
public enum ByteWord {
  /// All eight bytes `0x01`.
  public static let ones: UInt64 = 0x0101_0101_0101_0101
  /// All eight high bits.
  public static let highs: UInt64 = 0x8080_8080_8080_8080

  /// The eight bytes at `offset`, the first the lowest.
  @inlinable @inline(__always)
  public static func load(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  /// Flags the bytes of `word` equal to `byte`.
  @inlinable @inline(__always)
  public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
    let value = word ^ (ones &* UInt64(byte))
    return (value &- ones) & ~value & highs
  }

  /// Flags the bytes of `word` below `limit` (at most 0x80).
  @inlinable @inline(__always)
  public static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
    (word &- ones &* UInt64(limit)) & ~word & highs
  }
}

/// Literal text and runs of spaces appended to a byte buffer, for the writers that build JSON,
/// policies and pages as bytes: copied from static bytes, not a byte at a time.
public enum ByteText {
  /// Appends the bytes of `text`.
  @inline(__always)
  public static func put(_ text: StaticString, to output: inout [UInt8]) {
    output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Appends `count` spaces, a slice of a static run at a time.
  public static func putSpaces(_ count: Int, to output: inout [UInt8]) {
    var remaining = count
    while remaining > 0 {
      let piece = min(remaining, spaces.utf8CodeUnitCount)
      output.append(contentsOf: UnsafeBufferPointer(start: spaces.utf8Start, count: piece))
      remaining -= piece
    }
  }

  /// Writes `value` in decimal at `place` (at most 20 bytes), as `String(value)` spells it;
  /// returns how many bytes.
  public static func writeDecimal(_ value: Int, to place: UnsafeMutablePointer<UInt8>) -> Int {
    var magnitude = value.magnitude
    var digits = 1
    var power: UInt = 10
    while digits < 20, magnitude >= power {
      digits += 1
      if digits < 20 { power *= 10 }
    }
    let sign = value < 0 ? 1 : 0
    if sign == 1 { place.initialize(to: UInt8(ascii: "-")) }
    var at = place + sign + digits
    repeat {
      at -= 1
      at.initialize(to: UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    return sign + digits
  }

  /// Writes `magnitude` × 10^-`scale` in decimal at `place`, a minus sign first when
  /// `negative`: the whole part, a point, and the `scale` fraction digits less their trailing
  /// zeros down to `minimumFractionDigits` (`1234.50` for 123450 at scale 2, `-0.05` for 5000
  /// at scale 5 with two kept). At most 22 bytes for a scale up to 19; returns how many.
  public static func writeFixedPoint(
    _ magnitude: UInt64, scale: Int, minimumFractionDigits: Int, negative: Bool,
    to place: UnsafeMutablePointer<UInt8>
  ) -> Int {
    let unit = powersOfTen[scale]
    var whole = magnitude / unit
    var fraction = magnitude % unit
    var fractionDigits = scale
    while fractionDigits > minimumFractionDigits, fraction % 10 == 0 {
      fraction /= 10
      fractionDigits -= 1
    }
    var wholeDigits = 1
    var rest = whole / 10
    while rest > 0 {
      wholeDigits += 1
      rest /= 10
    }
    let sign = negative ? 1 : 0
    if negative { place.initialize(to: UInt8(ascii: "-")) }
    let point = sign + wholeDigits
    let count = point + (fractionDigits > 0 ? 1 + fractionDigits : 0)
    // Each part from its last digit back.
    var at = point
    repeat {
      at -= 1
      place[at] = UInt8(ascii: "0") + UInt8(whole % 10)
      whole /= 10
    } while at > sign
    guard fractionDigits > 0 else { return count }
    place[point] = UInt8(ascii: ".")
    at = count
    while at > point + 1 {
      at -= 1
      place[at] = UInt8(ascii: "0") + UInt8(fraction % 10)
      fraction /= 10
    }
    return count
  }

  /// 10⁰ through 10¹⁹, every power of ten a `UInt64` holds.
  public static let powersOfTen: [UInt64] = (0...19).map { power in
    (0..<power).reduce(1) { value, _ in value * 10 }
  }

  private static let spaces: StaticString = "                                                                "
}
