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
    switch self {
    case .string(let text): return JSONValue.quoted(text)
    case .array(let items):
      guard !items.isEmpty else { return "[]" }
      let inner = String(repeating: " ", count: indent + 2)
      let lines = items.map { inner + $0.rendered(indent: indent + 2) }
      return "[\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent)
        + "]"
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      let inner = String(repeating: " ", count: indent + 2)
      let lines = members.map {
        inner + JSONValue.quoted($0.key) + ": " + $0.value.rendered(indent: indent + 2)
      }
      return "{\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent)
        + "}"
    }
  }

  /// A string when there is exactly one value, an array otherwise: the shape IAM examples use.
  static func stringOrArray(_ values: [String]) -> JSONValue {
    values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
  }

  /// `text` as a JSON string literal; only quotes, backslashes and control characters are escaped.
  static func quoted(_ text: String) -> String {
    var result = "\""
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
    return result + "\""
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
