import Testing

@testable import FinOpsSpend

@Suite("Interning field values")
struct ByteInternerTests {
  /// The words the interner keys short values by, made the slow way: a byte at a time.
  static func bytewise(_ bytes: [UInt8]) -> (low: UInt64, high: UInt64) {
    var low: UInt64 = 0
    var high: UInt64 = 0
    for (index, byte) in bytes.enumerated() {
      if index < 8 {
        low |= UInt64(byte) << UInt64(8 * index)
      } else {
        high |= UInt64(byte) << UInt64(8 * (index - 8))
      }
    }
    return (low, high)
  }

  @Test("A short value's words are its bytes, zero padded, at every length")
  func shortWords() {
    var generator = SystemRandomNumberGenerator()
    for count in 0...15 {
      for _ in 0..<200 {
        // The value sits inside a larger buffer, so that a load past its ends would show.
        let buffer = (0..<(count + 16)).map { _ in UInt8.random(in: 1...255, using: &generator) }
        let value = Array(buffer[8..<(8 + count)])
        let words = buffer.withUnsafeBufferPointer {
          ByteInterner.words(UnsafeBufferPointer(rebasing: $0[8..<(8 + count)]))
        }
        let expected = Self.bytewise(value)
        #expect(words.low == expected.low && words.high == expected.high, "\(value)")
      }
    }
  }

  @Test("Keys compare byte for byte, as they hash: two spellings of é are two keys")
  func bytewiseKeys() {
    let composed = "Caf\u{E9}-input-tokens"
    let decomposed = "Cafe\u{301}-input-tokens"
    #expect(composed == decomposed)  // `String` calls them equal...
    #expect(!ByteInterner.sameBytes(composed, decomposed))  // ...but their bytes differ.
    #expect(ByteInterner.sameBytes(composed, "Caf\u{E9}-input-tokens"))
    #expect(ByteInterner.sameBytes(nil, nil) && !ByteInterner.sameBytes("", nil))
    #expect(ByteInterner.sameBytes("", ""))
    typealias Names = Attribution.Labels.Names
    func names(_ meter: String) -> Names {
      Names(principal: nil, currency: "USD", meter: meter, model: nil, region: nil, account: nil)
    }
    #expect(names(composed) != names(decomposed))
    #expect(names(composed) == names("Caf\u{E9}-input-tokens"))
    #expect(Set([names(composed), names(decomposed), names(composed)]).count == 2)
    let keys = Set([composed, decomposed, composed].map(Attribution.FastKey.init))
    #expect(keys.count == 2)
  }

  @Test("Equal values come back equal, distinct ones distinct, whatever their length")
  func values() {
    var interner = ByteInterner(capacity: 4)
    let texts = (0...40).map { String(repeating: "a", count: $0) } + ["USD", "EUR", "us-east-1"]
    for _ in 0..<3 {
      for text in texts {
        let found = Array(text.utf8).withUnsafeBufferPointer { interner.string($0) }
        #expect(found == text)
      }
    }
  }
}
