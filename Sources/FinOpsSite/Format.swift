import FinOpsCore
import Foundation

/// How values read on the pages.
enum Format {
  /// `2026-10-05 09:12 UTC`.
  static func time(_ time: Timestamp) -> String { time.minuteText }

  /// A whole number with thousands separators, `180,000,000`, the same in every locale (and
  /// without `formatted()`'s ICU formatter, which cost more than the rest of the field). The
  /// digits are written straight into the string.
  static func grouped(_ value: Int) -> String {
    var digits = 1
    var rest = value.magnitude
    while rest >= 10 {
      digits += 1
      rest /= 10
    }
    let count = (value < 0 ? 1 : 0) + digits + (digits - 1) / 3
    return String(unsafeUninitializedCapacity: count) { buffer in
      // From the last digit back, a comma before every third.
      var rest = value.magnitude
      var index = count - 1
      for written in 1...digits {
        buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        index -= 1
        if written % 3 == 0, written < digits {
          buffer[index] = UInt8(ascii: ",")
          index -= 1
        }
      }
      if value < 0 { buffer[0] = UInt8(ascii: "-") }
      return count
    }
  }

  /// `1 workload`, `6 workloads`: a count and its noun, plural unless one.
  static func count(_ value: Int, _ noun: String) -> String {
    "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")"
  }

  /// `3.2` business days, one decimal: exactly what `String(format: "%.1f")` prints (the
  /// binary value rounded half to even), without the C formatter, which cost a fifth of a list
  /// row. Fused multiply-adds give the exact sign of `10 × value − n` for the tests.
  static func days(_ value: Double) -> String {
    guard let whole = tenths(value) else { return String(format: "%.1f", value) }
    return "\(whole / 10).\(whole % 10)"
  }

  /// `days(value)` appended to `buffer`.
  static func appendDays(_ value: Double, to buffer: ByteBuffer) {
    guard let whole = tenths(value) else {
      return buffer.append(utf8: String(format: "%.1f", value))
    }
    buffer.append(decimal: whole / 10)
    buffer.append(UInt8(ascii: "."))
    buffer.append(UInt8(ascii: "0") + UInt8(whole % 10))
  }

  /// `value` in tenths, rounded as `%.1f` rounds it; nil outside the range this works it out in
  /// (negative, or 10^15 and more).
  private static func tenths(_ value: Double) -> Int? {
    guard value >= 0, value < 1e15 else { return nil }
    var tenths = (value * 10).rounded(.down)
    // value × 10 rounded up to the next whole number when it lies just below it.
    if (-tenths).addingProduct(value, 10) < 0 { tenths -= 1 }
    let above = (-(tenths + 0.5)).addingProduct(value, 10)
    var whole = Int(tenths)
    if above > 0 || (above == 0 && whole % 2 == 1) { whole += 1 }
    return whole
  }

  /// A file-name-safe form of an email: `priya.shah@northwind.example` → `priya-shah-northwind-example`.
  /// An ASCII email is read byte by byte (lowercasing, the scalar walk and Foundation's
  /// trimming cost 20,000 instructions a page); any other the general way.
  static func personSlug(_ email: String) -> String {
    if let slug = asciiPersonSlug(email) { return slug }
    var result = ""
    for scalar in email.lowercased().unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
        result.unicodeScalars.append(scalar)
      } else if !result.hasSuffix("-") {
        result += "-"
      }
    }
    return result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
  }

  /// `personSlug` of an ASCII email; nil when it holds any other byte.
  static func asciiPersonSlug(_ email: String) -> String? {
    let slug: [UInt8]?? = email.utf8.withContiguousStorageIfAvailable { bytes -> [UInt8]? in
      var slug: [UInt8] = []
      slug.reserveCapacity(bytes.count)
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): slug.append(byte)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte + 32)
        case 0x80...: return nil
        default: if slug.last != UInt8(ascii: "-") { slug.append(UInt8(ascii: "-")) }
        }
      }
      return slug
    }
    guard var bytes = slug ?? nil else { return nil }
    if bytes.last == UInt8(ascii: "-") { bytes.removeLast() }
    if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The badge for a status.
  static func badge(_ status: Status) -> Badge {
    let tone: String
    switch status {
    case .draft: tone = "muted"
    case .submitted: tone = "info"
    case .changesRequested: tone = "warn"
    case .approved: tone = "progress"
    case .rejected: tone = "bad"
    case .readyToClaim: tone = "ready"
    case .live: tone = "good"
    case .retired: tone = "muted"
    }
    let words = status.rawValue.replacing(ascii: "-", with: " ")
    return Badge(label: words.prefix(1).uppercased() + words.dropFirst(), tone: tone)
  }
}
