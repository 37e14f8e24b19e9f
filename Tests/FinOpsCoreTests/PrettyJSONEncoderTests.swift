import FinOpsCore
import Foundation
import Testing

@Suite("Pretty JSON, byte for byte as JSONEncoder writes it")
struct PrettyJSONEncoderTests {
  struct Record: Encodable {
    var title = "Claims \"assistant\" \\ <b> a/b\n\t\r\u{1}\u{8}\u{c}\u{1f} é 😀 \u{2028}"
    var count = 42
    var negative = -7
    var ratio = 2.25
    var whole = 3.0
    var tiny = 0.1
    var flag = true
    var missing: String? = nil
    var present: String? = "here"
    var empty: [String] = []
    var emptyObject: [String: Int] = [:]
    var keys: [String: Int] = ["AWS_REGION": 1, "AWSX": 2, "B": 3, "a": 4, "item10": 5, "item9": 6, "é": 7, "_": 8]
    var nested: [[String]] = [["a", "b"], [], ["c"]]
    var children: [Child] = [Child(name: "one", tags: ["x"]), Child(name: "two", tags: [])]
  }

  struct Child: Encodable {
    var name: String
    var tags: [String]
  }

  @Test("the same bytes as JSONEncoder with prettyPrinted, sortedKeys, withoutEscapingSlashes")
  func sameBytes() throws {
    let foundation = JSONEncoder()
    foundation.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    for value in [Record(), Record(title: "", count: 0, ratio: 1234567.125, whole: -12.0, tiny: 0.30000000000000004)] {
      let expected = String(decoding: try foundation.encode(value), as: UTF8.self)
      #expect(String(decoding: try PrettyJSONEncoder().encode(value), as: UTF8.self) == expected)
    }
    let top = ["list": [1, 2], "z": [], "a": [3]]
    #expect(try PrettyJSONEncoder().encode(top) == Array(try foundation.encode(top)))
  }
}


@Suite("Money for people")
struct MoneyDisplayTests {
  @Test("the whole-hundredths path prints what the decimal's own text gives", arguments: [
    "0", "0.005", "0.015", "1", "-1", "12.3", "1234.5", "1234567.891", "-0.004", "-0.5",
    "999999.995", "12345678901234.56", "92233720368547758.07", "92233720368547758.08",
    "123456789012345678901234567890.12", "0.1234567",
  ])
  func display(text: String) throws {
    let value = ExactDecimal.round(try #require(Decimal(string: text)), scale: 2)
    let slow = ExactDecimal.format(value, minimumFractionDigits: 2)
    if let hundredths = ExactDecimal.hundredths(value) {
      #expect(ExactDecimal.formatHundredths(hundredths) == slow)
    }
    let shown = Money(value).display("USD").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")
    #expect(shown == slow)
  }
}
