import FinOpsCore

/// Finds where object keys are written in a JSON text, so a diagnostic about a SKU points at
/// it. Only the keys diagnostics need are looked for, all in one pass over the text.
enum JSONKeyLocator {
  /// The line and column (in Unicode scalars) of the first occurrence of each of `keys` written
  /// as an object key (a string followed by a colon). Keys not found are absent.
  static func locations(ofKeys keys: Set<String>, path: String, text: String)
    -> [String: SourceLocation]
  {
    var found: [String: SourceLocation] = [:]
    guard !keys.isEmpty else { return found }
    let lengths = Set(keys.map(\.utf8.count))
    let bytes = Array(text.utf8)
    let quote = UInt8(ascii: "\"")
    let backslash = UInt8(ascii: "\\")
    let newline = UInt8(ascii: "\n")
    var line = 1
    var column = 1
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == quote else {
        if byte == newline {
          line += 1
          column = 1
        } else if byte & 0xC0 != 0x80 {
          column += 1
        }
        index += 1
        continue
      }
      // A string: JSON strings hold no raw line breaks, so only the column moves.
      var end = index + 1
      while end < bytes.count, bytes[end] != quote { end += bytes[end] == backslash ? 2 : 1 }
      let length = min(end, bytes.count) - index - 1
      if lengths.contains(length), isKey(bytes, after: end) {
        let key = String(decoding: bytes[(index + 1)..<(index + 1 + length)], as: UTF8.self)
        if keys.contains(key), found[key] == nil {
          found[key] = SourceLocation(path: path, line: line, column: column)
          if found.count == keys.count { break }
        }
      }
      let stop = min(end + 1, bytes.count)
      for offset in index..<stop where bytes[offset] & 0xC0 != 0x80 { column += 1 }
      index = stop
    }
    return found
  }

  /// Whether the string closed at `end` is followed, after white space, by a colon.
  private static func isKey(_ bytes: [UInt8], after end: Int) -> Bool {
    var cursor = end + 1
    while cursor < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
    return cursor < bytes.count && bytes[cursor] == UInt8(ascii: ":")
  }
}
