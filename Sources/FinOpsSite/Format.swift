import FinOpsCore
import Foundation

/// How values read on the pages.
enum Format {
  /// `2026-10-05 09:12 UTC`.
  static func time(_ time: Timestamp) -> String {
    let text = time.description.utf8
    return String(decoding: text.prefix(10), as: UTF8.self) + " "
      + String(decoding: text.dropFirst(11).prefix(5), as: UTF8.self) + " UTC"
  }

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

  /// `3.2` business days, one decimal.
  static func days(_ value: Double) -> String { String(format: "%.1f", value) }

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
