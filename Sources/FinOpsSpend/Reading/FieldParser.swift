import FinOpsCore
import Foundation

/// Parses the values of cost-export fields straight from bytes, without building strings.
public enum FieldParser {
  /// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DD[T ]HH:MM[:SS][.fraction][zone]`, where the
  /// zone is `Z`, `±HH:MM`, `±HHMM` or absent (then UTC, as FOCUS and CUR write times). The
  /// fraction of a second is dropped.
  public static func timestamp(_ field: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    let count = field.count
    guard count >= 10, field[4] == minus, field[7] == minus,
      let year = number(field, 0, 4), let month = number(field, 5, 2),
      let dayOfMonth = number(field, 8, 2),
      let day = Day(year: year, month: month, day: dayOfMonth)
    else { return nil }
    if count == 10 { return Timestamp(day: day) }
    guard count >= 16, field[10] == UInt8(ascii: "T") || field[10] == UInt8(ascii: " "),
      field[13] == colon, let hour = number(field, 11, 2), hour < 24,
      let minute = number(field, 14, 2), minute < 60
    else { return nil }
    var index = 16
    var second = 0
    if index < count, field[index] == colon {
      guard index + 3 <= count, let value = number(field, index + 1, 2), value < 60 else {
        return nil
      }
      second = value
      index += 3
      if index < count, field[index] == UInt8(ascii: ".") {
        index += 1
        let digits = index
        while index < count, isDigit(field[index]) { index += 1 }
        guard index > digits else { return nil }
      }
    }
    var offset = 0
    if index < count {
      let sign = field[index]
      if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
        guard index + 1 == count else { return nil }
      } else if sign == UInt8(ascii: "+") || sign == minus {
        let rest = count - index - 1
        guard rest == 5 || rest == 4, let hours = number(field, index + 1, 2), hours < 24 else {
          return nil
        }
        let minuteStart = rest == 5 ? index + 4 : index + 3
        guard rest == 4 || field[index + 3] == colon,
          let minutes = number(field, minuteStart, 2), minutes < 60
        else { return nil }
        offset = (hours * 3600 + minutes * 60) * (sign == minus ? -1 : 1)
      } else {
        return nil
      }
    }
    return Timestamp(day: day, hour: hour, minute: minute, second: second)
      .adding(seconds: Int64(-offset))
  }

  /// Parses an exact decimal: an optional sign, digits with an optional fraction, and an optional
  /// exponent (`1.5E-7`, as some exports write tiny costs). Never goes through a binary double.
  public static func decimal(_ field: UnsafeBufferPointer<UInt8>) -> Decimal? {
    exactDecimal(field)?.value
  }

  /// Parses like `decimal(_:)` and also gives the value in units of 10⁻¹⁰ when it is a whole
  /// number of them and fits in 64 bits (see `FixedCosts`).
  public static func exactDecimal(_ field: UnsafeBufferPointer<UInt8>) -> (
    value: Decimal, units: Int64?
  )? {
    amount(field).map { ($0.value, $0.units) }
  }

  /// An exact decimal as `exactDecimal(_:)` reads it, with no `Decimal` made until `value` is
  /// asked for: the costs on every row of an export are nearly always whole units, and only
  /// the units are summed.
  enum Amount {
    /// A whole number of 10⁻¹⁰ units, and the digits it was read from.
    case units(Int64, significand: UInt64, scale: Int, negative: Bool)
    /// Any other exact value.
    case decimal(Decimal)

    /// The units, when the value is a whole number of them that fits.
    var units: Int64? {
      if case .units(let units, _, _, _) = self { return units }
      return nil
    }

    /// The exact value.
    var value: Decimal {
      switch self {
      case .units(_, let significand, let scale, let negative):
        return Decimal(
          sign: negative ? .minus : .plus, exponent: scale, significand: Decimal(significand))
      case .decimal(let value):
        return value
      }
    }
  }

  /// Parses an exact decimal (see `decimal(_:)`) into units when it fits them, else a `Decimal`.
  static func amount(_ field: UnsafeBufferPointer<UInt8>) -> Amount? {
    var index = 0
    let count = field.count
    guard count > 0 else { return nil }
    var negative = false
    if field[0] == minus || field[0] == UInt8(ascii: "+") {
      negative = field[0] == minus
      index = 1
    }
    var significand: UInt64 = 0
    var significantDigits = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    var overflow = false
    while index < count {
      let byte = field[index]
      if isDigit(byte) {
        digits += 1
        if seenPoint { fractionDigits += 1 }
        if significand == 0 && byte == zero {
          // Leading zeros carry no precision.
        } else if significantDigits < 19 {
          significand = significand * 10 + UInt64(byte - zero)
          significantDigits += 1
        } else {
          overflow = true
        }
      } else if byte == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      index += 1
    }
    guard digits > 0 else { return nil }
    var exponent = 0
    if index < count {
      guard field[index] == UInt8(ascii: "e") || field[index] == UInt8(ascii: "E") else {
        return nil
      }
      index += 1
      var exponentNegative = false
      if index < count, field[index] == minus || field[index] == UInt8(ascii: "+") {
        exponentNegative = field[index] == minus
        index += 1
      }
      let start = index
      while index < count, isDigit(field[index]), index - start < 4 {
        exponent = exponent * 10 + Int(field[index] - zero)
        index += 1
      }
      guard index > start, index == count else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    if overflow {
      // More than 19 significant digits: let Foundation parse the exact text.
      guard let value = Decimal(string: String(decoding: field, as: UTF8.self), locale: nil)
      else { return nil }
      return .decimal(value)
    }
    let scale = exponent - fractionDigits
    guard (-120...120).contains(scale) else { return nil }
    if let units = units(significand, scale: scale, negative: negative) {
      return .units(units, significand: significand, scale: scale, negative: negative)
    }
    return .decimal(
      Decimal(sign: negative ? .minus : .plus, exponent: scale, significand: Decimal(significand)))
  }

  private static func units(_ significand: UInt64, scale: Int, negative: Bool) -> Int64? {
    let shift = scale + FixedCosts.scale
    guard shift >= 0, shift <= 18, significand <= UInt64(Int64.max) else { return nil }
    var power: Int64 = 1
    for _ in 0..<shift { power *= 10 }
    let (product, overflow) = Int64(significand).multipliedReportingOverflow(by: power)
    guard !overflow else { return nil }
    return negative ? -product : product
  }

  /// Whether the field is exactly three ASCII capital letters, the shape of an ISO 4217 code.
  public static func isCurrencyCode(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    field.count == 3 && field.allSatisfy { (65...90).contains($0) }
  }

  private static func number(_ field: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int)
    -> Int?
  {
    guard start + length <= field.count else { return nil }
    var value = 0
    for index in start..<(start + length) {
      let byte = field[index]
      guard isDigit(byte) else { return nil }
      value = value * 10 + Int(byte - zero)
    }
    return value
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= zero + 9 }

  private static let zero = UInt8(ascii: "0")
  private static let minus = UInt8(ascii: "-")
  private static let colon = UInt8(ascii: ":")
}
