import FinOpsCore
import Testing

@Suite("Sharing repeated texts")
struct StringCacheTests {
  func string(_ cache: StringCache, _ text: String) -> String {
    Array(text.utf8).withUnsafeBufferPointer { cache.string($0) }
  }

  /// Whether two strings share their storage (the same UTF-8 in memory).
  func shared(_ first: String, _ second: String) -> Bool {
    first.utf8.withContiguousStorageIfAvailable { one in
      second.utf8.withContiguousStorageIfAvailable { other in one.baseAddress == other.baseAddress }
    } == .some(.some(true))
  }

  @Test("an equal long text is the very string made before; others are themselves")
  func shares() {
    let cache = StringCache()
    let email = "priya.shah@northwind.example"
    let first = string(cache, email)
    let again = string(cache, email)
    #expect(first == email && again == email)
    #expect(shared(first, again), "the second is the first, not a copy")
    let other = string(cache, "rahul.mehta@northwind.example")
    #expect(other == "rahul.mehta@northwind.example")
    #expect(!shared(first, other))
    #expect(string(cache, "eu-west-1") == "eu-west-1", "short texts are made as they are")
    #expect(string(cache, "") == "")
    let accented = "Zoë Ångström <zoe@example.com>"
    #expect(string(cache, accented) == accented)
    #expect(string(cache, "Zoë Ångström <zoe@example.org>") == "Zoë Ångström <zoe@example.org>")
  }

  @Test("texts that take each other's slot are each returned exactly")
  func collisions() {
    // The smallest cache has 64 slots: of a hundred texts, some must take each other's.
    let cache = StringCache(capacity: 1)
    let texts = (0..<100).map { "anthropic.claude-model-\($0)-v1:0" }
    for _ in 0..<3 {
      for text in texts { #expect(Array(string(cache, text).utf8) == Array(text.utf8)) }
    }
    // Canonically equal texts are different bytes, each returned as it is (String's `==`
    // would take one for the other).
    let composed = "Zoë the reviewer <zoe@example.com>"
    let decomposed = "Zoe\u{308} the reviewer <zoe@example.com>"
    for _ in 0..<2 {
      for text in [composed, decomposed] {
        #expect(Array(string(cache, text).utf8) == Array(text.utf8))
      }
    }
    // Texts of one length that differ in their last byte only.
    for text in ["abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefghijklmnopq"] {
      #expect(string(cache, text) == text)
    }
  }

  @Test("bytes that are not UTF-8 are repaired as String(decoding:) repairs them")
  func repaired() {
    let cache = StringCache()
    let bytes: [UInt8] = Array("a long enough text ".utf8) + [0xFF, 0xFE]
    let made = bytes.withUnsafeBufferPointer { cache.string($0) }
    #expect(made == String(decoding: bytes, as: UTF8.self))
    #expect(bytes.withUnsafeBufferPointer { cache.string($0) } == made)
  }

  @Test("threads that share a cache each get their own texts back")
  func concurrent() {
    let cache = StringCache(capacity: 64)
    let texts = (0..<500).map { "engineer-\($0 % 37)@corp.example.com" }
    let results = parallelMap(texts.count) { index in
      Array(texts[index].utf8).withUnsafeBufferPointer { cache.string($0) }
    }
    #expect(results == texts)
  }
}
