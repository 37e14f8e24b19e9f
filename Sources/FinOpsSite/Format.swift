import FinOpsCore
import Foundation

/// How values read on the pages.
enum Format {
  /// `2026-10-05 09:12 UTC`.
  static func time(_ time: Timestamp) -> String { time.minuteText }

  /// A whole number with thousands separators, `180,000,000`, the same in every locale (and
  /// without `formatted()`'s ICU formatter, which cost more than the rest of the field).
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = value < 0 ? "-" : ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return result
  }

  /// `1 workload`, `6 workloads`: a count and its noun, plural unless one.
  static func count(_ value: Int, _ noun: String) -> String {
    "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")"
  }

  /// `3.2` business days, one decimal: exactly what `String(format: "%.1f")` prints (the
  /// binary value rounded half to even), without the C formatter, which cost a fifth of a list
  /// row. Fused multiply-adds give the exact sign of `10 × value − n` for the tests.
  static func days(_ value: Double) -> String {
    guard value >= 0, value < 1e15 else { return String(format: "%.1f", value) }
    var tenths = (value * 10).rounded(.down)
    // value × 10 rounded up to the next whole number when it lies just below it.
    if (-tenths).addingProduct(value, 10) < 0 { tenths -= 1 }
    let above = (-(tenths + 0.5)).addingProduct(value, 10)
    var whole = Int(tenths)
    if above > 0 || (above == 0 && whole % 2 == 1) { whole += 1 }
    return "\(whole / 10).\(whole % 10)"
  }

  /// A file-name-safe form of an email: `priya.shah@northwind.example` → `priya-shah-northwind-example`.
  static func personSlug(_ email: String) -> String {
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
