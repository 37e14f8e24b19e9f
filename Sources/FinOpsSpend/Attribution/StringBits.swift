/// A string's own two words: its bytes when it is short (up to 15 bytes, held inline), else its
/// count and flags and its storage's address; zero for none (a string's are never both zero).
///
/// Equal bits are equal strings while either is alive, as a string's storage is not reused
/// while a string holds it; equal strings may have different bits (two copies of one text). A
/// cache found by bits keeps the strings whose bits it holds, and looks a miss up by text.
struct StringBits: Equatable, Sendable {
  let low: UInt64
  let high: UInt64

  /// No string.
  static let none = StringBits(nil)

  /// The bits of `text`.
  init(_ text: String?) {
    guard let text else {
      (low, high) = (0, 0)
      return
    }
    (low, high) = withUnsafeBytes(of: text) {
      ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self))
    }
  }

  /// Both words mixed into `sum`, its high bits spread.
  func mixed(into sum: UInt64 = 0) -> UInt64 {
    ((sum ^ low) &* 0x9E37_79B9_7F4A_7C15 ^ high) &* 0xBF58_476D_1CE4_E5B9
  }

  /// The bits mixed into one word.
  var mixed: UInt64 { mixed() }
}
