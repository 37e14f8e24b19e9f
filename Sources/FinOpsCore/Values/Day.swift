/// A calendar day in the proleptic Gregorian calendar, independent of any time zone.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var ordinal: Int

  /// Creates a day from its count of days since 1970-01-01.
  public init(ordinal: Int) { self.ordinal = ordinal }

  /// Creates a day from a valid year, month and day; nil when the date does not exist.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day) else {
      return nil
    }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    ordinal = era * 146097 + dayOfEra - 719468
  }

  /// Parses `YYYY-MM-DD`.
  public init?(parsing text: some StringProtocol) {
    self.init(digits: Array(text.utf8))
  }

  /// Parses `YYYY-MM-DD` from exactly these ten bytes.
  init?<Bytes: Collection<UInt8>>(digits bytes: Bytes) where Bytes.Index == Int {
    let start = bytes.startIndex
    guard bytes.count == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
      let year = Day.number(bytes[start..<(start + 4)]), let month = Day.number(bytes[(start + 5)..<(start + 7)]),
      let day = Day.number(bytes[(start + 8)..<(start + 10)])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Year, month and day.
  public var components: (year: Int, month: Int, day: Int) {
    // Howard Hinnant's civil_from_days.
    let z = ordinal + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// 0 for Monday through 6 for Sunday.
  public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 }

  /// Whether the day is a Saturday or Sunday.
  public var isWeekend: Bool { weekday >= 5 }

  /// The Monday of this day's week (weeks run Monday to Sunday).
  public var monday: Day { Day(ordinal: ordinal - weekday) }

  /// The day `count` days later (earlier when negative).
  public func adding(days count: Int) -> Day { Day(ordinal: ordinal + count) }

  /// `YYYY-MM-DD`.
  ///
  /// Written straight into the string's storage (ten bytes: a small string, no allocation) for
  /// the years 0 to 9999; other years through a byte array, as `bytes` writes them.
  public var description: String {
    let (year, month, day) = components
    guard (0...9999).contains(year) else { return String(decoding: bytes, as: UTF8.self) }
    return String(unsafeUninitializedCapacity: 10) { buffer in
      var index = 0
      Day.write(year: year, month: month, day: day, into: buffer, at: &index)
      return index
    }
  }

  /// `YYYY-MM-DD` as UTF-8, through `append(to:)`: any year.
  var bytes: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(20)
    append(to: &bytes)
    return bytes
  }

  /// Writes `YYYY-MM-DD` of a year from 0 to 9999 into `buffer` at `index`, and moves `index`
  /// past it.
  @inline(__always)
  static func write(
    year: Int, month: Int, day: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int
  ) {
    write(year, 4, into: buffer, at: &index)
    buffer[index] = UInt8(ascii: "-")
    index += 1
    write(month, 2, into: buffer, at: &index)
    buffer[index] = UInt8(ascii: "-")
    index += 1
    write(day, 2, into: buffer, at: &index)
  }

  /// Writes the last `width` decimal digits of a non-negative `value`, zero-padded, into
  /// `buffer` at `index`, and moves `index` past them.
  @inline(__always)
  static func write(_ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: inout Int) {
    var rest = value
    var position = index + width - 1
    while position >= index {
      buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
      position -= 1
    }
    index += width
  }

  /// Appends `YYYY-MM-DD` to `bytes`: pages print thousands of dates, so without a string per
  /// part.
  public func append(to bytes: inout [UInt8]) {
    let (year, month, day) = components
    if year < 0 || year > 9999 {
      bytes.append(contentsOf: Day.pad(year, 4).utf8)
    } else {
      Day.appendDigits(year, 4, to: &bytes)
    }
    bytes.append(UInt8(ascii: "-"))
    Day.appendDigits(month, 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    Day.appendDigits(day, 2, to: &bytes)
  }

  /// Appends `YYYY-MM-DD` to `buffer` (any year).
  public func append(to buffer: ByteBuffer) {
    if hasFourDigitYear {
      buffer.used += write(to: buffer.reserve(10))
    } else {
      buffer.append(bytes)
    }
  }

  /// Whether the year has four digits (0 to 9999): `write(to:)` writes such a day.
  public var hasFourDigitYear: Bool { (0...9999).contains(components.year) }

  /// Writes `YYYY-MM-DD` at `place` and returns 10, for a day whose year has four digits
  /// (`hasFourDigitYear`; `append(to:)` spells the others).
  public func write(to place: UnsafeMutablePointer<UInt8>) -> Int {
    let (year, month, day) = components
    precondition((0...9999).contains(year), "a year of four digits")
    func digits(_ value: Int, _ width: Int, at offset: Int) {
      var rest = value
      for position in stride(from: offset + width - 1, through: offset, by: -1) {
        place[position] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      }
    }
    digits(year, 4, at: 0)
    place[4] = UInt8(ascii: "-")
    digits(month, 2, at: 5)
    place[7] = UInt8(ascii: "-")
    digits(day, 2, at: 8)
    return 10
  }

  /// Appends the last `width` decimal digits of a non-negative `value`, zero-padded.
  static func appendDigits(_ value: Int, _ width: Int, to bytes: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
      rest %= divisor
      divisor /= 10
    }
  }

  /// Orders chronologically.
  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func number<Digits: Sequence<UInt8>>(_ digits: Digits) -> Int? {
    var value = 0
    for digit in digits {
      guard (48...57).contains(digit) else { return nil }
      value = value * 10 + Int(digit - 48)
    }
    return value
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
}
