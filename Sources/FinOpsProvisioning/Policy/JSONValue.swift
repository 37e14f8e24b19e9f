import FinOpsCore

/// A JSON value whose object members keep the order they were written in, rendered with two-space
/// indentation so generated documents are byte-for-byte stable.
enum JSONValue: Sendable, Equatable {
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object, its members in writing order.
  case object([JSONMember])

  /// The value, and everything inside it, indented as if it started at `indent` spaces; a
  /// document file ends with a line break.
  func rendered(indent: Int = 0, endingLine: Bool = false) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(2048)
    write(to: &output, indent: indent)
    if endingLine { output.append(UInt8(ascii: "\n")) }
    return String(decoding: output, as: UTF8.self)
  }

  /// Appends the rendered value to `output`: one byte buffer for the whole document, instead
  /// of a string per nested value joined into its parent's. Punctuation and indentation are
  /// copied from static bytes.
  func write(to output: inout [UInt8], indent: Int) {
    switch self {
    case .string(let text): JSONValue.appendQuoted(text, to: &output)
    case .array(let items):
      guard !items.isEmpty else { return ByteText.put("[]", to: &output) }
      output.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        ByteText.put(index > 0 ? ",\n" : "\n", to: &output)
        ByteText.putSpaces(indent + 2, to: &output)
        item.write(to: &output, indent: indent + 2)
      }
      output.append(UInt8(ascii: "\n"))
      ByteText.putSpaces(indent, to: &output)
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else { return ByteText.put("{}", to: &output) }
      output.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        ByteText.put(index > 0 ? ",\n" : "\n", to: &output)
        ByteText.putSpaces(indent + 2, to: &output)
        JSONValue.appendQuoted(member.key, to: &output)
        ByteText.put(": ", to: &output)
        member.value.write(to: &output, indent: indent + 2)
      }
      output.append(UInt8(ascii: "\n"))
      ByteText.putSpaces(indent, to: &output)
      output.append(UInt8(ascii: "}"))
    }
  }

  /// A string when there is exactly one value, an array otherwise: the shape IAM examples use.
  static func stringOrArray(_ values: [String]) -> JSONValue {
    values.count == 1 ? .string(values[0]) : .array(values.map(JSONValue.string))
  }

  /// `text` as a JSON string literal; only quotes, backslashes and control characters are escaped.
  static func quoted(_ text: String) -> String {
    var output: [UInt8] = []
    appendQuoted(text, to: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// Appends `text` as a JSON string literal to `output`.
  static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    JSONString.append(text, to: &output, shortBackspaceAndFormFeed: false)
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
