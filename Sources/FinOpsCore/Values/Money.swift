import Foundation

/// An exact decimal amount of money in the repository currency; never a binary floating point.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The exact value.
  public var value: Decimal

  /// Creates an amount from an exact decimal.
  public init(_ value: Decimal) { self.value = value }

  /// Creates an amount from whole units.
  public init(_ units: Int) { self.value = Decimal(units) }

  /// Zero.
  public static let zero = Money(0)

  /// Parses `1200`, `1200.5` or `-0.000123`: digits with an optional fraction, no exponent,
  /// no grouping, no currency sign. Returns nil for anything else.
  public init?(parsing text: some StringProtocol) {
    guard let value = ExactDecimal.parse(text) else { return nil }
    self.value = value
  }

  /// The canonical text: at least two fraction digits, no trailing zeros beyond them.
  public var canonical: String { ExactDecimal.format(value, minimumFractionDigits: 2) }

  /// Same as `canonical`.
  public var description: String { canonical }

  /// The amount rounded half-even to `scale` fraction digits.
  public func rounded(scale: Int = 2) -> Money { Money(ExactDecimal.round(value, scale: scale)) }

  /// Orders by value.
  public static func < (lhs: Money, rhs: Money) -> Bool { lhs.value < rhs.value }
  /// Sum.
  public static func + (lhs: Money, rhs: Money) -> Money { Money(lhs.value + rhs.value) }
  /// Difference.
  public static func - (lhs: Money, rhs: Money) -> Money { Money(lhs.value - rhs.value) }
  /// Accumulates.
  public static func += (lhs: inout Money, rhs: Money) { lhs.value += rhs.value }
  /// Scales by an exact factor.
  public static func * (lhs: Money, rhs: Decimal) -> Money { Money(lhs.value * rhs) }
  /// Divides by an exact divisor.
  public static func / (lhs: Money, rhs: Decimal) -> Money { Money(lhs.value / rhs) }
}

/// Strict parsing and formatting of exact decimals, shared by money and percentages.
public enum ExactDecimal {
  /// Parses an optional minus sign, 1–18 integer digits and an optional fraction of 1–18 digits.
  public static func parse(_ text: some StringProtocol) -> Decimal? {
    // One concrete string read as bytes: the generic walk over Unicode scalars (unspecialized
    // across modules) cost ten thousand instructions an amount.
    parse(String(text))
  }

  /// `parse` for a `String`.
  public static func parse(_ text: String) -> Decimal? {
    var integerDigits = 0
    var fractionDigits = 0
    var seenPoint = false
    var significand: UInt64 = 0
    var first = true
    var negative = false
    for byte in text.utf8 {
      defer { first = false }
      switch byte {
      case UInt8(ascii: "-") where first: negative = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
        // Only read while it fits: at most 18 digits in all take this path below.
        if integerDigits + fractionDigits <= 18 { significand = significand * 10 + UInt64(byte - 48) }
      case UInt8(ascii: ".") where !seenPoint: seenPoint = true
      default: return nil
      }
    }
    guard (1...18).contains(integerDigits), !seenPoint || (1...18).contains(fractionDigits) else {
      return nil
    }
    if integerDigits + fractionDigits <= 18 {
      // Exact and much faster than parsing through Decimal(string:).
      return Decimal(
        sign: negative ? .minus : .plus, exponent: -fractionDigits,
        significand: Decimal(significand))
    }
    return Decimal(string: text, locale: nil)
  }

  /// Formats without exponent or grouping, with at least `minimumFractionDigits` fraction digits.
  public static func format(_ value: Decimal, minimumFractionDigits: Int) -> String {
    if let text = formatFast(value, minimumFractionDigits: minimumFractionDigits) { return text }
    var text = value.description
    if text.hasPrefix("-0") && value.isZero { text.removeFirst() }
    var parts = text.split(separator: ".", maxSplits: 1).map(String.init)
    if parts.count == 1 { parts.append("") }
    while parts[1].count < minimumFractionDigits { parts[1] += "0" }
    return parts[1].isEmpty ? parts[0] : parts[0] + "." + parts[1]
  }

  /// What `format` gives, read from the decimal's significand and exponent when the significand
  /// fits in 64 bits: the decimal's own text divides by ten digit by digit, and pages and
  /// exports print millions of amounts. Written into one string without another allocation. Nil
  /// otherwise.
  static func formatFast(_ value: Decimal, minimumFractionDigits: Int) -> String? {
    guard (0...18).contains(minimumFractionDigits) else { return nil }
    var fits = true
    let text = String(unsafeUninitializedCapacity: fastMaximum + minimumFractionDigits) { text in
      guard
        let count = writeFast(
          value, minimumFractionDigits: minimumFractionDigits, to: text.baseAddress!)
      else {
        fits = false
        return 0
      }
      return count
    }
    return fits ? text : nil
  }

  /// The most bytes `writeFast` writes, less the minimum fraction digits: a sign, 20 digits, 18
  /// zeros or a point and 18 leading zeros.
  public static let fastMaximum = 60

  /// Writes `format(value, minimumFractionDigits:)` at `place` when the significand fits in 64
  /// bits and the exponent and minimum are at most 18 (at most `fastMaximum` bytes plus the
  /// minimum); returns how many bytes, or nil, with nothing written, for any other value.
  public static func writeFast(
    _ value: Decimal, minimumFractionDigits: Int, to place: UnsafeMutablePointer<UInt8>
  ) -> Int? {
    guard value.isFinite, let (whole, negative, exponent) = parts(value), (-18...18).contains(exponent),
      (0...18).contains(minimumFractionDigits)
    else { return nil }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: up to 20 digits, last first
    let count = withUnsafeMutableBytes(of: &digits) { reversed in
      var rest = whole
      var count = 0
      repeat {
        reversed[count] = UInt8(truncatingIfNeeded: rest % 10) &+ 48
        rest /= 10
        count += 1
      } while rest != 0
      return count
    }
    return withUnsafeBytes(of: &digits) { reversed in
      var length = 0
      func put(_ byte: UInt8) {
        place[length] = byte
        length += 1
      }
      if negative && whole != 0 { put(UInt8(ascii: "-")) }
      var fraction = 0
      if exponent >= 0 {
        for index in stride(from: count - 1, through: 0, by: -1) { put(reversed[index]) }
        if whole != 0 { for _ in 0..<exponent { put(UInt8(ascii: "0")) } }
      } else {
        let scale = -exponent
        // The integer part: the digits above the scale, or a zero.
        if count > scale {
          for index in stride(from: count - 1, through: scale, by: -1) { put(reversed[index]) }
        } else {
          put(UInt8(ascii: "0"))
        }
        // The fraction without its trailing zeros: digit `index` of the scale, from the top.
        var lowest = 0
        while lowest < scale, lowest < count, reversed[lowest] == UInt8(ascii: "0") { lowest += 1 }
        if lowest == count { lowest = scale }  // a zero significand: no fraction digits
        if lowest < scale {
          put(UInt8(ascii: "."))
          for index in stride(from: scale - 1, through: lowest, by: -1) {
            put(index < count ? reversed[index] : UInt8(ascii: "0"))
            fraction += 1
          }
        }
      }
      if fraction < minimumFractionDigits {
        if fraction == 0 { put(UInt8(ascii: ".")) }
        while fraction < minimumFractionDigits {
          put(UInt8(ascii: "0"))
          fraction += 1
        }
      }
      return length
    }
  }

  /// A finite decimal's significand (when it fits in 64 bits), sign and exponent, read from
  /// Foundation's layout (an exponent byte, a byte of length and sign bits, two reserved bytes,
  /// eight 16-bit words of significand, least significant first), which `layoutConfirmed`
  /// checks once against decimals made from known parts. Nil when the layout is other or the
  /// significand is longer.
  public static func parts(_ value: Decimal) -> (significand: UInt64, negative: Bool, exponent: Int)? {
    guard layoutConfirmed else { return nil }
    return rawParts(value)
  }

  /// How many of a decimal's bytes hold its value: the header and the significand words in
  /// use (the rest are zero in a decimal made from those bytes and zeros), or all of them when
  /// the layout is not the confirmed one.
  public static func storedSize(_ value: Decimal) -> Int {
    guard layoutConfirmed else { return MemoryLayout<Decimal>.size }
    return withUnsafeBytes(of: value) { raw in 4 + 2 * min(Int(raw[1] >> 4), 8) }
  }

  /// Whether `value`'s bytes make a decimal Foundation can work with: no more significand words
  /// than it has (checked where the layout is the confirmed one; a decimal read back from bytes
  /// is checked before use).
  public static func isWellFormed(_ value: Decimal) -> Bool {
    guard layoutConfirmed else { return true }
    return withUnsafeBytes(of: value) { raw in raw[1] >> 4 <= 8 }
  }

  private static func rawParts(_ value: Decimal) -> (significand: UInt64, negative: Bool, exponent: Int)? {
    withUnsafeBytes(of: value) { raw in
      let length = Int(raw[1] >> 4)
      guard length <= 4 else { return nil }
      var significand: UInt64 = 0
      for word in stride(from: length - 1, through: 0, by: -1) {
        significand = significand << 16 | UInt64(raw[4 + 2 * word]) | UInt64(raw[5 + 2 * word]) << 8
      }
      return (significand, raw[1] & 0x08 != 0, Int(Int8(bitPattern: raw[0])))
    }
  }

  /// Whether `rawParts` reads Foundation's `Decimal` as it is laid out in this build.
  private static let layoutConfirmed: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    let known: [(Decimal, UInt64, Bool, Int)] = [
      (Decimal(sign: .minus, exponent: -2, significand: 123_456), 123_456, true, -2),
      (Decimal(sign: .plus, exponent: 7, significand: Decimal(UInt64.max)), UInt64.max, false, 7),
      (Decimal(sign: .plus, exponent: -18, significand: Decimal(0x1_0000_0001)), 0x1_0000_0001, false, -18),
      (Decimal(-7), 7, true, 0),
      (Decimal(0), 0, false, 0),
    ]
    return known.allSatisfy { value, significand, negative, exponent in
      guard let parts = rawParts(value) else { return false }
      return parts == (significand, negative, exponent) && value.exponent == exponent
        && (value.sign == .minus) == negative
    } && rawParts(Decimal(UInt64.max) + 1) == nil
  }()

  /// `format(round(value, scale: 0), minimumFractionDigits: 0)`, in integers when they hold it
  /// (a `Decimal` rounding costs more than the rest of printing it).
  public static func formatWhole(_ value: Decimal) -> String {
    guard let (whole, negative) = scaledHalfEven(value, scale: 0) else {
      return format(round(value, scale: 0), minimumFractionDigits: 0)
    }
    return (negative && whole != 0 ? "-" : "") + String(whole)
  }

  /// `value × 10^scale` rounded half-even to a whole number (what `round(value, scale:)` rounds
  /// to, scaled), as its magnitude and sign, when the significand and the result fit in 64 bits.
  static func scaledHalfEven(_ value: Decimal, scale: Int) -> (magnitude: UInt64, negative: Bool)? {
    guard let (significand, negative, exponent) = parts(value) else { return nil }
    let shift = exponent + scale
    if shift >= 0 {
      guard shift <= 18 else { return significand == 0 ? (0, negative) : nil }
      var power: UInt64 = 1
      for _ in 0..<shift { power *= 10 }
      let (product, overflow) = significand.multipliedReportingOverflow(by: power)
      return overflow ? nil : (product, negative)
    }
    guard shift >= -19 else { return significand == 0 ? (0, negative) : nil }
    var divisor: UInt64 = 1
    for _ in 0 ..< -shift { divisor *= 10 }
    var magnitude = significand / divisor
    let remainder = significand % divisor
    // Half-even, without doubling the remainder (which could overflow).
    let rest = divisor - remainder
    if remainder > rest || (remainder == rest && magnitude % 2 == 1) { magnitude += 1 }
    return (magnitude, negative)
  }

  /// `round(value * factor / divisor, scale:)` worked out in integers, the same decimal to the
  /// byte (compacted, as `NSDecimalRound` leaves it); nil when the integers cannot hold it, or
  /// when it rounds to zero (whose exponent `NSDecimalRound` keeps), and the caller goes
  /// through `Decimal`. A weekly budget or an annual opportunity through `Decimal` arithmetic
  /// cost tens of thousands of instructions (the arithmetic allocates), a few per component.
  ///
  /// Exact: `Decimal` multiplies these exactly, and its division, to 38 digits, cannot move a
  /// quotient of such integers onto or across a half-way point it is not on (it is at least
  /// 1/(2 × divisor) of a last unit away from one).
  public static func roundedRatio(
    _ value: Decimal, times factor: Decimal, over divisor: UInt64, scale: Int
  ) -> Decimal? {
    guard divisor > 0, let (left, leftNegative, leftExponent) = parts(value),
      let (right, rightNegative, rightExponent) = parts(factor)
    else { return nil }
    let (high, product) = left.multipliedFullWidth(by: right)
    guard high == 0 else { return nil }
    var numerator = product
    var denominator = divisor
    let shift = leftExponent + rightExponent + scale
    guard abs(shift) <= 19 else { return nil }
    if shift >= 0 {
      let (scaled, overflow) = numerator.multipliedReportingOverflow(by: ByteText.powersOfTen[shift])
      guard !overflow else { return nil }
      numerator = scaled
    } else {
      let (scaled, overflow) = denominator.multipliedReportingOverflow(by: ByteText.powersOfTen[-shift])
      guard !overflow else { return nil }
      denominator = scaled
    }
    var quotient = numerator / denominator
    let remainder = numerator % denominator
    // Half-even, without doubling the remainder (which could overflow).
    let rest = denominator - remainder
    if remainder > rest || (remainder == rest && quotient % 2 == 1) { quotient += 1 }
    guard quotient != 0 else { return nil }
    var exponent = -scale
    while quotient % 10 == 0 {
      quotient /= 10
      exponent += 1
    }
    return Decimal(
      sign: leftNegative != rightNegative ? .minus : .plus, exponent: exponent,
      significand: Decimal(quotient))
  }

  /// Rounds half-even to `scale` fraction digits.
  public static func round(_ value: Decimal, scale: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .bankers)
    return result
  }
}

extension Money {
  /// For people: `$1,234.56` (USD, EUR and GBP get their sign, other codes a suffix), rounded to
  /// cents.
  public func display(_ currency: String = "USD") -> String {
    // Rounded to cents in integers when they hold the amount: rounding a `Decimal` cost more
    // than the rest of a page's amount.
    guard let (cents, negative) = ExactDecimal.scaledHalfEven(value, scale: 2) else { return displayRounding(currency) }
    // The digits written into a small buffer on the stack: no string or array is made for
    // the parts, and the text shown is short enough to be held without one too.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      let count = ByteText.writeFixedPoint(
        cents, scale: 2, minimumFractionDigits: 2, negative: false, to: buffer.baseAddress!)
      return Self.shown(UnsafeBufferPointer(rebasing: buffer[..<count]), negative: negative && cents != 0, currency)
    }
  }

  /// `display(_:)` through `Decimal` rounding, for amounts the integers cannot hold.
  func displayRounding(_ currency: String) -> String {
    let text = Array(ExactDecimal.format(rounded(scale: 2).value, minimumFractionDigits: 2).utf8)
    let negative = text.first == UInt8(ascii: "-")
    return Self.shown(text[(negative ? 1 : 0)...], negative: negative, currency)
  }

  /// An amount's plain text (`1234.56`, without its sign) grouped by thousands, with its sign
  /// and currency.
  private static func shown(_ text: some Collection<UInt8>, negative: Bool, _ currency: String) -> String {
    // Grouped by bytes: pages show thousands of amounts, and splitting and slicing Strings cost
    // ten times what the rest does.
    let dot = text.firstIndex(of: UInt8(ascii: ".")) ?? text.endIndex
    let wholeDigits = text.distance(from: text.startIndex, to: dot)
    // Into a buffer on the stack, then one string (held inline when short, as most are).
    let capacity = text.count + text.count / 3 + currency.utf8.count + 8
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
      var count = 0
      func put(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
      }
      if negative { put(UInt8(ascii: "-")) }
      switch currency {
      case "USD": put(UInt8(ascii: "$"))
      case "EUR": for byte in "€".utf8 { put(byte) }
      case "GBP": for byte in "£".utf8 { put(byte) }
      default: break
      }
      for (offset, digit) in text[..<dot].enumerated() {
        if offset > 0, (wholeDigits - offset) % 3 == 0 { put(UInt8(ascii: ",")) }
        put(digit)
      }
      for byte in text[dot...] { put(byte) }
      switch currency {
      case "USD", "EUR", "GBP": break
      default:
        put(UInt8(ascii: " "))
        for byte in currency.utf8 { put(byte) }
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
    }
  }
}
