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

