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

/// Bits that stand for strings (`StringBits`, or several strings' together), as the key of a
/// `RecentByBits` cache.
protocol BitsKey: Equatable, Sendable {
  /// The bits of no strings, which no key of strings has.
  static var none: Self { get }
  /// The bits mixed into one word, its high bits spread.
  var mixed: UInt64 { get }
}

extension StringBits: BitsKey {}

/// A direct-mapped cache of what strings the reader shared resolve to, found by their bits
/// (see `StringBits`): neither hashed nor compared byte by byte. Each slot keeps the strings its
/// bits are of alive (`Kept`), so no other string can have those bits while the slot holds
/// them. A slot's bits, value and strings are in three arrays, read apart: a hit reads the bits
/// and copies the value alone.
struct RecentByBits<Key: BitsKey, Value: Sendable, Kept: Sendable>: Sendable {
  private var keys: [Key]
  private var values: [Value?]
  private var kept: [Kept?]

  /// An empty cache of `slots` slots, a power of two.
  init(slots: Int) {
    precondition(slots > 0 && slots & (slots - 1) == 0, "slots must be a power of two")
    keys = Array(repeating: .none, count: slots)
    values = Array(repeating: nil, count: slots)
    kept = Array(repeating: nil, count: slots)
  }

  private func slot(_ key: Key) -> Int {
    Int(truncatingIfNeeded: key.mixed >> 40) & (keys.count - 1)
  }

  /// The value kept for `key`; nil when its slot holds another key.
  func value(for key: Key) -> Value? {
    let slot = slot(key)
    return keys[slot] == key ? values[slot] : nil
  }

  /// Keeps `value` for `key`, with the strings `key` is the bits of.
  mutating func keep(_ value: Value, for key: Key, strings: Kept) {
    let slot = slot(key)
    (keys[slot], values[slot], kept[slot]) = (key, value, strings)
  }
}
