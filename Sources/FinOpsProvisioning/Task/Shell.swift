import FinOpsCore

/// POSIX shell quoting for values that go into generated commands.
enum Shell {
  /// `text` unchanged when every character is one the shell never treats specially
  /// (`A-Z a-z 0-9 @ % + = : , . / _ -`), else wrapped in single quotes with any `'` written as
  /// `'\''`.
  static func quote(_ text: String) -> String {
    if isSafe(text) { return text }
    let buffer = ByteBuffer(capacity: text.utf8.count + 8)
    appendQuoted(text, to: buffer)
    return buffer.text
  }

  /// Appends `quote(text)` to `buffer` as UTF-8: a safe text (nearly every value: names,
  /// Regions, ARNs) read in place and copied whole.
  static func appendQuoted(_ text: String, to buffer: ByteBuffer) {
    let copied =
      text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
        guard areSafe(utf8) else { return false }
        buffer.append(utf8)
        return true
      } ?? false
    guard !copied else { return }
    if isSafe(text) { return appendBytes(of: text, to: buffer) }
    buffer.append(UInt8(ascii: "'"))
    for byte in text.utf8 {
      if byte == UInt8(ascii: "'") {
        buffer.append("'\\''")
      } else {
        buffer.append(byte)
      }
    }
    buffer.append(UInt8(ascii: "'"))
  }

  /// Appends the UTF-8 of `text` to `buffer` in one copy.
  static func appendBytes(of text: String, to buffer: ByteBuffer) {
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { buffer.append($0) }
    if copied == nil { buffer.append(Array(text.utf8)) }
  }

  /// Whether `text` is non-empty and every byte is one the shell never treats specially. Read
  /// from the string's contiguous bytes: walking its `UTF8View` cost more than copying them.
  private static func isSafe(_ text: String) -> Bool {
    text.utf8.withContiguousStorageIfAvailable(areSafe) ?? areSafe(Array(text.utf8))
  }

  /// Whether `bytes` is non-empty and every byte is one the shell never treats specially.
  private static func areSafe(_ bytes: some Collection<UInt8>) -> Bool {
    guard !bytes.isEmpty else { return false }
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
