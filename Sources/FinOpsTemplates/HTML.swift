/// HTML escaping as swift-mustache does it: `<`, `>`, `&`, `"` and `'`.
enum HTML {
  /// Appends `text` to `output`, escaped.
  ///
  /// Most text has nothing to escape: eight bytes at a time are tested for the five characters
  /// at once (the SWAR "has a zero byte" test), and only a word that may hold one is looked at
  /// byte by byte.
  static func appendEscaped(_ text: String, to output: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      let raw = UnsafeRawBufferPointer(bytes)
      var start = 0
      var index = 0
      while index < bytes.count {
        if index + 8 <= bytes.count,
          !mayHoldSpecial(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
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
          output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
          output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
          index += 1
          start = index
        }
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
  }

  /// Whether any of the eight bytes of `word` may be one to escape (never false when one is).
  @inline(__always)
  private static func mayHoldSpecial(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func hasByte(_ byte: UInt8) -> UInt64 {
      let x = word ^ (ones &* UInt64(byte))
      return (x &- ones) & ~x & highs
    }
    return (hasByte(UInt8(ascii: "<")) | hasByte(UInt8(ascii: ">")) | hasByte(UInt8(ascii: "&"))
      | hasByte(UInt8(ascii: "\"")) | hasByte(UInt8(ascii: "'"))) != 0
  }
}
