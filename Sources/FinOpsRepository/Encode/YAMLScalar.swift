/// Writes strings as YAML scalars that read back as the same string: plain when that is safe,
/// a `|-` block for clean multi-line text, double-quoted otherwise.
enum YAMLScalar {
  /// The scalar for `text` on a `key: ` line at `indent` spaces; multi-line blocks continue on
  /// following lines indented two more spaces.
  static func string(_ text: String, indent: Int) -> String {
    if isPlainSafe(text) { return text }
    if isBlockSafe(text) {
      let pad = String(repeating: " ", count: indent + 2)
      return "|-" + text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "\n" : "\n" + pad + $0 }.joined()
    }
    return quoted(text)
  }

  /// A double-quoted scalar with YAML escapes.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        if needsEscape(scalar) {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          result += scalar.value <= 0xFF
            ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            : scalar.value <= 0xFFFF
              ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
              : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  /// Control and format characters, and line or paragraph separators, which YAML would fold or
  /// reject inside plain text.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned,
      .privateUse:
      return true
    default:
      return scalar.value == 0xFEFF
    }
  }

  /// Characters that may not start a plain scalar.
  private static let indicators: Set<Character> = [
    "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@",
    "`", " ",
  ]

  /// Words YAML 1.1 or 1.2 would read as something other than a string.
  private static let reserved: Set<String> = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n",
  ]

  static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.first, let last = text.last, !indicators.contains(first),
      last != " ", last != ":", !reserved.contains(text.lowercased()),
      !text.contains(": "), !text.contains(" #"), !looksTyped(text)
    else { return false }
    return !text.unicodeScalars.contains { scalar in
      needsEscape(scalar) || scalar == "\n" || scalar == "\t" || scalar == "\r"
        || scalar.value == 0x85
    }
  }

  /// Numbers in any YAML notation, dates, and `.inf`/`.nan`, which a resolver would not keep as
  /// text.
  static func looksTyped(_ text: String) -> Bool {
    var body = Substring(text)
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    if body.hasPrefix(".") && ["inf", "nan"].contains(body.dropFirst().lowercased()) { return true }
    if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") { return true }
    guard let first = body.first, first.isASCII, first.isNumber || first == "." else {
      return false
    }
    // A leading digit followed only by number-ish characters: 12, 1_000, 1.5e3, 12:30, 2026-10-02.
    return body.allSatisfy { $0.isASCII && ($0.isNumber || "._:eE+-TtZz ".contains($0)) }
  }

  static func isBlockSafe(_ text: String) -> Bool {
    guard text.contains("\n"), !text.hasSuffix("\n"), let first = text.first, first != " " else {
      return false
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // The first non-empty line sets the block's indentation, so it must not start with a space.
    if lines.first(where: { !$0.isEmpty })?.first == " " { return false }
    return lines.allSatisfy { line in
      !line.hasSuffix(" ") && !line.unicodeScalars.contains { needsEscape($0) || $0 == "\t" || $0 == "\r" }
    }
  }
}
