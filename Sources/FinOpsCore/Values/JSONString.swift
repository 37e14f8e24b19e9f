/// JSON string literals: the one escaping routine for the exports and the generated policies.
public enum JSONString {
  /// Appends `text` as a JSON string literal to `output`, escaping only quotes, backslashes and
  /// control characters (`\n`, `\r`, `\t`, the rest as `\u00XX`). `JSONEncoder` writes
  /// backspace and form feed as `\b` and `\f`; the policy documents write them as `\u0008` and
  /// `\u000c`, as they always have.
  public static func append(_ text: String, to output: inout [UInt8], shortBackspaceAndFormFeed: Bool) {
    output.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var start = 0
      for index in bytes.indices {
        let byte = bytes[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        // Copy the run of ordinary bytes before this one whole.
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
        case 0x0A: output.append(contentsOf: "\\n".utf8)
        case 0x0D: output.append(contentsOf: "\\r".utf8)
        case 0x09: output.append(contentsOf: "\\t".utf8)
        case 0x08 where shortBackspaceAndFormFeed: output.append(contentsOf: "\\b".utf8)
        case 0x0C where shortBackspaceAndFormFeed: output.append(contentsOf: "\\f".utf8)
        default:
          let hex = Array("0123456789abcdef".utf8)
          output.append(contentsOf: "\\u00".utf8)
          output.append(hex[Int(byte >> 4)])
          output.append(hex[Int(byte & 0x0F)])
        }
        start = index + 1
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
    output.append(UInt8(ascii: "\""))
  }
}
