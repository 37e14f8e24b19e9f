/// A JSON value whose object members keep the order they were written in, rendered with two-space
/// indentation so generated documents are byte-for-byte stable.
enum JSONValue: Sendable, Equatable {
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object, its members in writing order.
  case object([JSONMember])

  /// The value, and everything inside it, indented as if it started at `indent` spaces.
  func rendered(indent: Int = 0) -> String {
    var output = ""
    output.reserveCapacity(1024)
    write(to: &output, indent: indent)
    return output
  }

  /// Appends the rendered value to `output`: one buffer for the whole document, instead of a
  /// string per nested value joined into its parent's.
  func write(to output: inout String, indent: Int) {
    switch self {
    case .string(let text): JSONValue.appendQuoted(text, to: &output)
    case .array(let items):
      guard !items.isEmpty else { return output += "[]" }
      output += "[\n"
      for (index, item) in items.enumerated() {
        if index > 0 { output += ",\n" }
        Self.appendSpaces(indent + 2, to: &output)
        item.write(to: &output, indent: indent + 2)
      }
      output += "\n"
      Self.appendSpaces(indent, to: &output)
      output += "]"
    case .object(let members):
      guard !members.isEmpty else { return output += "{}" }
      output += "{\n"
      for (index, member) in members.enumerated() {
        if index > 0 { output += ",\n" }
        Self.appendSpaces(indent + 2, to: &output)
        JSONValue.appendQuoted(member.key, to: &output)
        output += ": "
        member.value.write(to: &output, indent: indent + 2)
      }
      output += "\n"
      Self.appendSpaces(indent, to: &output)
      output += "}"
    }
  }

  private static func appendSpaces(_ count: Int, to output: inout String) {
    for _ in 0..<count { output += " " }
  }

  /// A string when there is exactly one value, an array otherwise: the shape IAM examples use.
  static func stringOrArray(_ values: [String]) -> JSONValue {
    values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
  }

  /// `text` as a JSON string literal; only quotes, backslashes and control characters are escaped.
  static func quoted(_ text: String) -> String {
    var result = ""
    appendQuoted(text, to: &result)
    return result
  }

  /// Appends `text` as a JSON string literal to `result`.
  static func appendQuoted(_ text: String, to result: inout String) {
    result += "\""
    // Most values (ARNs, actions, names) need no escaping: copy them whole.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      result += text
      result += "\""
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    result += "\""
  }
}

/// One `"key": value` pair of a JSON object.
struct JSONMember: Sendable, Equatable {
  /// The member name.
  var key: String
  /// The member value.
  var value: JSONValue

  /// Creates a member.
  init(_ key: String, _ value: JSONValue) {
    self.key = key
    self.value = value
  }
}
