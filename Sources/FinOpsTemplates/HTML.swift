import FinOpsCore

/// HTML escaping as swift-mustache does it: `<`, `>`, `&`, `"` and `'`.
enum HTML {
  /// Appends the UTF-8 `bytes` to `output`, escaped: what the renderer writes of a text.
  ///
  /// Most text has nothing to escape: eight bytes at a time are tested for the five characters
  /// at once (the SWAR "has a zero byte" test), and a word that holds one goes straight to the
  /// first (the lowest flag is a true match, see `ByteWord`); only the last few bytes of a text
  /// are looked at one by one.
  static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: ByteBuffer) {
    let raw = UnsafeRawBufferPointer(bytes)
    var start = 0
    var index = 0
    while index < bytes.count {
      if index + 8 <= bytes.count {
        let flags = specials(ByteWord.load(raw, at: index))
        if flags == 0 {
          index += 8
          continue
        }
        index += flags.trailingZeroBitCount >> 3
      }
      let replacement: StaticString
      switch bytes[index] {
      case UInt8(ascii: "<"): replacement = "&lt;"
      case UInt8(ascii: ">"): replacement = "&gt;"
      case UInt8(ascii: "&"): replacement = "&amp;"
      case UInt8(ascii: "\""): replacement = "&quot;"
      case UInt8(ascii: "'"): replacement = "&#39;"
      default:
        index += 1
        continue
      }
      output.append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
      output.append(
        UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
      index += 1
      start = index
    }
    output.append(UnsafeBufferPointer(rebasing: bytes[start...]))
  }

  /// The bytes of `word` that may be one to escape, flagged (see `ByteWord`): none when none
  /// is, and the lowest flag on one that is.
  @inline(__always)
  private static func specials(_ word: UInt64) -> UInt64 {
    ByteWord.equal(word, UInt8(ascii: "<")) | ByteWord.equal(word, UInt8(ascii: ">"))
      | ByteWord.equal(word, UInt8(ascii: "&")) | ByteWord.equal(word, UInt8(ascii: "\""))
      | ByteWord.equal(word, UInt8(ascii: "'"))
  }
}
