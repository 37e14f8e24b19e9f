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
      let raw = UnsafeRawBufferPointer(bytes)
      // Nearly every string (names, amounts, dates) needs no escape: found in one pass and
      // copied whole.
      if !mayNeedEscape(raw) {
        output.append(contentsOf: bytes)
        return
      }
      var start = 0
      var index = 0
      while index < bytes.count {
        // Eight ordinary bytes at a time (the SWAR tests for a byte below 0x20 and for the two
        // characters), byte by byte only in a word that may hold one to escape.
        if index + 8 <= bytes.count, !mayNeedEscape(ByteWord.load(raw, at: index)) {
          index += 8
          continue
        }
        let byte = bytes[index]
        index += 1
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        let escaped = index - 1
        // Copy the run of ordinary bytes before this one whole.
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<escaped]))
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
        start = index
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
    output.append(UInt8(ascii: "\""))
  }

  /// Appends `text` as a JSON string literal to `buffer`, as
  /// `append(_:to:shortBackspaceAndFormFeed:)` writes it: a string that needs no escape (nearly
  /// every one) is read in place and copied whole into the buffer's room.
  public static func append(_ text: String, to buffer: ByteBuffer, shortBackspaceAndFormFeed: Bool)
  {
    // Read in place (a native string's bytes are contiguous): copying the string to read it,
    // as `withUTF8` needs, took and dropped a reference count on it.
    let plain =
      text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
        let raw = UnsafeRawBufferPointer(utf8)
        guard !mayNeedEscape(raw) else { return false }
        let place = buffer.reserve(raw.count + 2)
        place.initialize(to: UInt8(ascii: "\""))
        if let source = raw.baseAddress {
          UnsafeMutableRawPointer(place + 1).copyMemory(from: source, byteCount: raw.count)
        }
        (place + 1 + raw.count).initialize(to: UInt8(ascii: "\""))
        buffer.used += raw.count + 2
        return true
      } ?? false
    guard !plain else { return }
    var escaped: [UInt8] = []
    append(text, to: &escaped, shortBackspaceAndFormFeed: shortBackspaceAndFormFeed)
    buffer.append(escaped)
  }

  /// Whether any byte of `raw` may be a control character, `"` or `\\` (never false when one
  /// is): eight at a time, the last few in one word ending at the last byte.
  @inline(__always)
  static func mayNeedEscape(_ raw: UnsafeRawBufferPointer) -> Bool {
    let count = raw.count
    guard count >= 8 else {
      for byte in raw where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
      return false
    }
    var index = 0
    while index + 8 <= count {
      if mayNeedEscape(ByteWord.load(raw, at: index)) { return true }
      index += 8
    }
    return index < count && mayNeedEscape(ByteWord.load(raw, at: count - 8))
  }

  /// Whether any of the eight bytes of `word` may be a control character, `"` or `\` (never
  /// false when one is).
  @inline(__always)
  private static func mayNeedEscape(_ word: UInt64) -> Bool {
    (ByteWord.below(word, 0x20) | ByteWord.equal(word, UInt8(ascii: "\""))
      | ByteWord.equal(word, UInt8(ascii: "\\"))) != 0
  }
}
