import FinOpsCore
import Foundation
import Testing

@Suite("Spliced text")
struct SplicedTests {
  @Test("a spliced literal is the interpolated string, for any values and lengths")
  func sameAsInterpolation() {
    var random = SeededRandom(state: 11)
    let alphabet: [Character] = [
      "a", "Z", "0", " ", "-", "é", "✓", "🙂", "\u{301}", "\n", "'", "\"",
    ]
    func text(_ length: Int) -> String {
      String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
    }
    for round in 0..<200 {
      // Lengths past the buffer's first guess, to make it grow.
      let a = text(Int.random(in: 0...(round % 4 == 0 ? 400 : 12), using: &random))
      let b = text(Int.random(in: 0...40, using: &random))
      let number = Int.random(in: Int.min...Int.max, using: &random)
      let day = Day(ordinal: Int.random(in: -800_000...800_000, using: &random))
      let part = b.dropFirst(b.count / 2)
      #expect(
        String(spliced: "x\(a)é \(number)\(b)\(day) – \(part)")
          == "x\(a)é \(number)\(b)\(day) – \(part)")
      #expect(String(spliced: "\(a)") == a)
      #expect(String(spliced: "\(a)\(b)") == a + b)
    }
    #expect(String(spliced: "") == "")
    #expect(String(spliced: "plain ✓") == "plain ✓")
    #expect(String(spliced: "\(Int.min) \(0) \(-7) \(Int.max)") == "\(Int.min) 0 -7 \(Int.max)")
    // A string that is not native (bridged or lazily made) is copied, not read in place.
    let bridged = NSString(string: "bridged é").description
    #expect(String(spliced: "[\(bridged)]") == "[bridged é]")
  }
}
