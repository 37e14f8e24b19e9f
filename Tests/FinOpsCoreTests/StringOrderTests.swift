import FinOpsCore
import Testing

@Suite("Sorting by string order")
struct StringOrderTests {
  @Test("positions come in the order String sorts, for ASCII and for any text", arguments: [
    ["b", "a", "ab", "a b", "a-b", "a/b", "A", "", "ba", "aa"],
    ["é", "e\u{301}z", "f", "e", "ea", "z", "ä"],
    ["x", "y", "z"],
    [],
  ])
  func sorted(strings: [String]) {
    var random = SeededRandom(state: 7)
    for _ in 0..<8 {
      let shuffled = strings.shuffled(using: &random)
      let order = StringOrder.sortedPositions(count: shuffled.count) { shuffled[$0] }
      #expect(order.map { shuffled[$0] } == shuffled.sorted())
      #expect(order.sorted() == Array(shuffled.indices))
    }
    let sorted = strings.sorted()
    #expect(StringOrder.sortedPositions(count: sorted.count) { sorted[$0] } == Array(sorted.indices))
    // Two at a time, as `<` has them.
    for first in strings {
      for second in strings {
        #expect(StringOrder.precedes(first, second) == (first < second), "\(first) \(second)")
      }
    }
  }
}
