/// POSIX shell quoting for values that go into generated commands.
enum Shell {
  /// `text` unchanged when every character is one the shell never treats specially
  /// (`A-Z a-z 0-9 @ % + = : , . / _ -`), else wrapped in single quotes with any `'` written as
  /// `'\''`.
  static func quote(_ text: String) -> String {
    let safe =
      !text.isEmpty
      && text.utf8.allSatisfy { byte in
        (97...122).contains(byte) || (65...90).contains(byte) || (48...57).contains(byte)
          || "@%+=:,./_-".utf8.contains(byte)
      }
    if safe { return text }
    return "'" + text.replacing(ascii: "'", with: "'\\''") + "'"
  }
}
