/// POSIX shell quoting for values that go into generated commands.
enum Shell {
  /// `text` unchanged when every character is one the shell never treats specially
  /// (`A-Z a-z 0-9 @ % + = : , . / _ -`), else wrapped in single quotes with any `'` written as
  /// `'\''`.
  static func quote(_ text: String) -> String {
    let (low, high) = safeBytes
    let safe =
      !text.isEmpty
      && text.utf8.allSatisfy { byte in
        byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : byte < 128 && (high >> UInt64(byte - 64)) & 1 == 1
      }
    if safe { return text }
    return "'" + text.replacing(ascii: "'", with: "'\\''") + "'"
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
