import FinOpsCore

/// HTML escaping as swift-mustache does it: `<`, `>`, `&`, `"` and `'`.
enum HTML {
  /// Appends the UTF-8 `bytes` to `output`, escaped: what the renderer writes of a text.
  ///
  /// Most text has nothing to escape: eight bytes at a time are tested for the five characters
  /// at once (the SWAR "has a zero byte" test), and only a word that may hold one is looked at
  /// byte by byte.
  static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: ByteBuffer) {
    let raw = UnsafeRawBufferPointer(bytes)
    var start = 0
    var index = 0
    while index < bytes.count {
      if index + 8 <= bytes.count,
        !mayHoldSpecial(ByteWord.load(raw, at: index))
      {
        index += 8
        continue
      }
      let end = min(index + 8, bytes.count)
      while index < end {
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
    }
    output.append(UnsafeBufferPointer(rebasing: bytes[start...]))
  }

  /// Whether any of the eight bytes of `word` may be one to escape (never false when one is).
  @inline(__always)
  private static func mayHoldSpecial(_ word: UInt64) -> Bool {
    (ByteWord.equal(word, UInt8(ascii: "<")) | ByteWord.equal(word, UInt8(ascii: ">"))
      | ByteWord.equal(word, UInt8(ascii: "&")) | ByteWord.equal(word, UInt8(ascii: "\""))
      | ByteWord.equal(word, UInt8(ascii: "'"))) != 0
  }
}
