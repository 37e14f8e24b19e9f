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
  /// fits in 64 bits (checked exactly): the decimal's own text divides by ten digit by digit,
  /// and pages and exports print hundreds of thousands of amounts. Nil otherwise.
  static func formatFast(_ value: Decimal, minimumFractionDigits: Int) -> String? {
    let exponent = value.exponent
    guard value.isFinite, (-18...18).contains(exponent) else { return nil }
    let significand = value.significand
    let whole = NSDecimalNumber(decimal: significand).int64Value
    guard whole >= 0, Decimal(whole) == significand else { return nil }
    var digits = String(whole)
    var fraction = ""
    if exponent > 0 {
      if whole != 0 { digits += String(repeating: "0", count: exponent) }
    } else if exponent < 0 {
      let scale = -exponent
      if digits.utf8.count <= scale { digits = String(repeating: "0", count: scale - digits.utf8.count + 1) + digits }
      fraction = String(digits.suffix(scale))
      digits = String(digits.dropLast(scale))
      while fraction.last == "0" { fraction.removeLast() }
    }
    while fraction.utf8.count < minimumFractionDigits { fraction += "0" }
    let sign = value.sign == .minus && whole != 0 ? "-" : ""
    return sign + digits + (fraction.isEmpty ? "" : "." + fraction)
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
    // Grouped by bytes: pages show thousands of amounts, and splitting and slicing Strings cost
    // ten times what the rest does.
    let text = Array(ExactDecimal.format(rounded(scale: 2).value, minimumFractionDigits: 2).utf8)
    let negative = text.first == UInt8(ascii: "-")
    let start = negative ? 1 : 0
    let dot = text[start...].firstIndex(of: UInt8(ascii: ".")) ?? text.count
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.count + text.count / 3)
    for index in start..<dot {
      if index > start, (dot - index) % 3 == 0 { bytes.append(UInt8(ascii: ",")) }
      bytes.append(text[index])
    }
    bytes.append(contentsOf: text[dot...])
    let amount = String(decoding: bytes, as: UTF8.self)
    let sign = negative ? "-" : ""
    switch currency {
    case "USD": return sign + "$" + amount
    case "EUR": return sign + "€" + amount
    case "GBP": return sign + "£" + amount
    default: return sign + amount + " " + currency
    }
  }
}
