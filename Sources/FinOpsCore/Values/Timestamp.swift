/// An instant, to the second, written in files as UTC `YYYY-MM-DDTHH:MM:SSZ`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Seconds since 1970-01-01T00:00:00Z.
  public var seconds: Int64

  /// Creates an instant from seconds since the Unix epoch.
  public init(seconds: Int64) { self.seconds = seconds }

  /// Creates the instant at a time of a UTC day.
  public init(day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    seconds = Int64(day.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
  }

  /// Parses ISO 8601 `YYYY-MM-DDTHH:MM:SS` followed by `Z` or a `±HH:MM` offset.
  public init?(parsing text: some StringProtocol) {
    let parsed =
      text.utf8.withContiguousStorageIfAvailable(Timestamp.init(utf8:))
      ?? Array(text.utf8).withUnsafeBufferPointer(Timestamp.init(utf8:))
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses the UTF-8 bytes of ISO 8601 `YYYY-MM-DDTHH:MM:SS` followed by `Z` or a `±HH:MM`
  /// offset: what `init(parsing:)` reads, for readers that hold bytes (a text made only to be
  /// parsed cost more than the parsing).
  public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
      bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
      let day = Day(digits: bytes[0..<10]),
      let hour = Day.number(bytes[11..<13]), hour < 24,
      let minute = Day.number(bytes[14..<16]), minute < 60,
      let second = Day.number(bytes[17..<19]), second < 60
    else { return nil }
    var offset = 0
    let zone = bytes[19...]
    if zone.count == 1, zone.first == UInt8(ascii: "Z") {
      offset = 0
    } else if zone.count == 6, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
      zone[zone.startIndex + 3] == UInt8(ascii: ":"),
      let hours = Day.number(zone[(zone.startIndex + 1)..<(zone.startIndex + 3)]), hours < 24,
      let minutes = Day.number(zone[(zone.startIndex + 4)...]), minutes < 60
    {
      offset = (hours * 3600 + minutes * 60) * (zone.first == UInt8(ascii: "-") ? -1 : 1)
    } else {
      return nil
    }
    self.init(day: day, hour: hour, minute: minute, second: second)
    seconds -= Int64(offset)
  }

  /// The UTC day of this instant.
  public var day: Day { Day(ordinal: Int((seconds - secondOfDay) / 86_400)) }

  /// Seconds since the start of the UTC day.
  public var secondOfDay: Int64 { ((seconds % 86_400) + 86_400) % 86_400 }

  /// This instant moved by a number of seconds.
  public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }

  /// `YYYY-MM-DD HH:MM UTC`, as pages show an instant.
  public var minuteText: String { text(between: " ", seconds: false, ending: " UTC") }

  /// `YYYY-MM-DDTHH:MM:SSZ`.
  public var description: String { text(between: "T", seconds: true, ending: "Z") }

  /// The day, `between`, hours and minutes (and seconds), then `ending`: pages and exports
  /// print hundreds of thousands of instants, so written straight into the string's storage
  /// (for the years 0 to 9999; other years through `bytes`).
  private func text(between: Unicode.Scalar, seconds: Bool, ending: StaticString) -> String {
    let (year, month, dayOfMonth) = day.components
    guard (0...9999).contains(year) else {
      return String(decoding: bytes(between: between, seconds: seconds, ending: ending), as: UTF8.self)
    }
    let rest = Int(secondOfDay)
    let count = (seconds ? 19 : 16) + ending.utf8CodeUnitCount
    return String(unsafeUninitializedCapacity: count) { buffer in
      var index = 0
      Day.write(year: year, month: month, day: dayOfMonth, into: buffer, at: &index)
      buffer[index] = UInt8(between.value)
      index += 1
      Day.write(rest / 3600, 2, into: buffer, at: &index)
      buffer[index] = UInt8(ascii: ":")
      index += 1
      Day.write(rest / 60 % 60, 2, into: buffer, at: &index)
      if seconds {
        buffer[index] = UInt8(ascii: ":")
        index += 1
        Day.write(rest % 60, 2, into: buffer, at: &index)
      }
      for offset in 0..<ending.utf8CodeUnitCount {
        buffer[index] = ending.utf8Start[offset]
        index += 1
      }
      return index
    }
  }

  /// What `text` writes, as bytes appended one part at a time: any year.
  func bytes(between: Unicode.Scalar, seconds: Bool, ending: StaticString) -> [UInt8] {
    let rest = Int(secondOfDay)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(24)
    day.append(to: &bytes)
    bytes.append(UInt8(between.value))
    Day.appendDigits(rest / 3600, 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    Day.appendDigits(rest / 60 % 60, 2, to: &bytes)
    if seconds {
      bytes.append(UInt8(ascii: ":"))
      Day.appendDigits(rest % 60, 2, to: &bytes)
    }
    bytes.append(contentsOf: UnsafeBufferPointer(start: ending.utf8Start, count: ending.utf8CodeUnitCount))
    return bytes
  }

  /// Orders chronologically.
  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }
}
