/// POSIX shell quoting for values that go into generated commands.
enum Shell {
  /// `text` unchanged when every character is one the shell never treats specially
  /// (`A-Z a-z 0-9 @ % + = : , . / _ -`), else wrapped in single quotes with any `'` written as
  /// `'\''`.
  static func quote(_ text: String) -> String {
    if isSafe(text) { return text }
    var bytes: [UInt8] = []
    appendQuoted(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `quote(text)` to `output` as UTF-8, without making the string.
  static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    if isSafe(text) { return appendBytes(of: text, to: &output) }
    output.append(UInt8(ascii: "'"))
    for byte in text.utf8 {
      if byte == UInt8(ascii: "'") {
        output.append(contentsOf: "'\\''".utf8)
      } else {
        output.append(byte)
      }
    }
    output.append(UInt8(ascii: "'"))
  }

  /// Appends the UTF-8 of `text` to `output` in one copy.
  static func appendBytes(of text: String, to output: inout [UInt8]) {
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { output.append(contentsOf: $0) }
    if copied == nil { output.append(contentsOf: text.utf8) }
  }

  /// Whether `text` is non-empty and every byte is one the shell never treats specially. Read
  /// from the string's contiguous bytes: walking its `UTF8View` cost more than copying them.
  private static func isSafe(_ text: String) -> Bool {
    guard !text.isEmpty else { return false }
    return text.utf8.withContiguousStorageIfAvailable(areSafe) ?? areSafe(Array(text.utf8))
  }

  /// Whether every byte is one the shell never treats specially.
  private static func areSafe(_ bytes: some Collection<UInt8>) -> Bool {
    let (low, high) = safeBytes
    for byte in bytes {
      let safe = byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte < 128 && (high >> UInt64(byte - 64)) & 1 == 1
      if !safe { return false }
    }
    return true
  }

  /// Bit n of the pair is set when ASCII byte n never needs quoting.
  private static let safeBytes: (low: UInt64, high: UInt64) = {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@%+=:,./_-".utf8 {
      if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }
    return (low, high)
  }()
}
