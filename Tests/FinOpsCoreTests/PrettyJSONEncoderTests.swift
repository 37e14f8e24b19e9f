@testable import FinOpsCore
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

  /// Encodes through nested containers and super encoders, which synthesized code never uses.
  struct Manual: Encodable {
    enum Keys: String, CodingKey { case point, tags, parent, zeta }
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      var point = container.nestedContainer(keyedBy: Keys.self, forKey: .point)
      try point.encode(1.5, forKey: .zeta)
      try point.encode("p", forKey: .tags)
      var tags = container.nestedUnkeyedContainer(forKey: .tags)
      try tags.encode("a")
      var inner = tags.nestedContainer(keyedBy: Keys.self)
      try inner.encode(true, forKey: .parent)
      var deeper = tags.nestedUnkeyedContainer()
      try deeper.encode(3)
      try Child(name: "s", tags: []).encode(to: container.superEncoder(forKey: .parent))
      try Child(name: "super", tags: ["t"]).encode(to: container.superEncoder())
    }
  }

  struct Numbers: Encodable {
    var values: [Double] = [-0.0, 0, 1e15, 123456789012345.0, 1e16, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5]
    var floats: [Float] = [0.1, -0.0, 3, 1e10]
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
    #expect(String(decoding: try PrettyJSONEncoder().encode(Manual()), as: UTF8.self) == String(decoding: try foundation.encode(Manual()), as: UTF8.self))
    #expect(String(decoding: try PrettyJSONEncoder().encode(Numbers()), as: UTF8.self) == String(decoding: try foundation.encode(Numbers()), as: UTF8.self))
    #expect(throws: EncodingError.self) { try PrettyJSONEncoder().encode([Double.nan]) }
    var empty = PrettyJSONWriter()
    empty.beginObject()
    empty.endObject()
    #expect(empty.finish() == Array(try foundation.encode([String: Int]())))
  }

  @Test("the writer writes what the encoder does, drained in pieces or not, whatever the sink keeps")
  func writerByHand() throws {
    let record = Record()
    func write(_ writer: inout PrettyJSONWriter, drain: (inout PrettyJSONWriter) -> Void) throws {
      writer.beginObject()
      writer.key("children")
      writer.beginArray()
      for child in record.children {
        writer.element()
        writer.beginObject()
        writer.member("name", child.name)
        writer.key("tags")
        writer.beginArray()
        for tag in child.tags {
          writer.element()
          writer.string(tag)
        }
        writer.endArray()
        writer.endObject()
        drain(&writer)
      }
      writer.endArray()
      writer.key("count")
      writer.int(record.count)
      writer.key("empty")
      writer.beginArray()
      writer.endArray()
      writer.key("emptyObject")
      writer.beginObject()
      writer.endObject()
      writer.key("flag")
      writer.bool(record.flag)
      writer.key("keys")
      writer.beginObject()
      for (key, value) in record.keys.sorted(by: { PrettyJSONWriter.precedes($0.key, $1.key) }) {
        writer.key(key)
        writer.int(value)
        drain(&writer)
      }
      writer.endObject()
      writer.key("negative")
      writer.int(record.negative)
      writer.key("nested")
      try writer.encoded(record.nested)
      writer.member("present", record.present)
      writer.member("missing", record.missing)
      writer.key("ratio")
      try writer.double(record.ratio)
      writer.key("tiny")
      try writer.double(record.tiny)
      writer.member("title", record.title)
      writer.key("whole")
      try writer.double(record.whole)
      writer.endObject()
    }
    let encoded = try PrettyJSONEncoder().encode(record)
    var whole = PrettyJSONWriter(capacity: 1)
    try write(&whole) { _ in }
    #expect(whole.finish() == encoded)
    // A sink that takes all but the last few bytes of each piece, which the writer keeps.
    for kept in [0, 1, 3, 40] {
      var gathered: [UInt8] = []
      var drained = PrettyJSONWriter()
      try write(&drained) { writer in
        writer.drain { piece in
          let taken = max(piece.count - kept, 0)
          gathered += piece[..<taken]
          piece.removeFirst(taken)
        }
      }
      #expect(gathered + drained.finish() == encoded, "\(kept) bytes kept")
    }
    var numbers = PrettyJSONWriter()
    numbers.beginArray()
    for value in [0, 7, -7, 10, 99, 100, -1_000_000, Int.max, Int.min] {
      numbers.element()
      numbers.int(value)
    }
    numbers.endArray()
    #expect(numbers.finish() == (try PrettyJSONEncoder().encode([0, 7, -7, 10, 99, 100, -1_000_000, Int.max, Int.min])))
    // Deeper than the levels kept in bits, with a member and an empty array at every level.
    func nested(_ depth: Int, _ level: Int) -> String {
      let inner = String(repeating: " ", count: 2 * level + 2)
      let here = depth == 0 ? "1" : nested(depth - 1, level + 1)
      return "[\n\(inner)\(here),\n\(inner)[\n\n\(inner)]\n" + String(repeating: " ", count: 2 * level) + "]"
    }
    var deep = PrettyJSONWriter()
    for level in 0...70 {
      if level > 0 { deep.element() }
      deep.beginArray()
    }
    deep.element()
    deep.int(1)
    for _ in 0...70 {
      deep.element()
      deep.beginArray()
      deep.endArray()
      deep.endArray()
    }
    #expect(String(decoding: deep.finish(), as: UTF8.self) == nested(70, 0))
  }
}


@Suite("Exact decimals as text")
struct ExactDecimalFormatTests {
  static let values = [
    "0", "0.005", "0.015", "1", "-1", "12.3", "1234.5", "1234567.891", "-0.004", "-0.5", "0.10",
    "1.50", "100", "1e3", "999999.995", "12345678901234.56", "92233720368547758.07",
    "92233720368547758.08", "123456789012345678901234567890.12", "0.1234567", "-0.07", "15",
    "255.453318", "-664.466682", "0.000001", "1e-18", "1e-20", "12e5", "-0", "9223372036854775807",
    "9223372036854775808", "0.30000000000000004", "100.000", "-1234567.1234567",
  ]

  @Test("the significand path gives the decimal's own text, padded", arguments: values)
  func format(text: String) throws {
    let value = try #require(Decimal(string: text))
    for minimum in 0...3 {
      var expected = value.description
      if expected.hasPrefix("-0") && value.isZero { expected.removeFirst() }
      var parts = expected.split(separator: ".", maxSplits: 1).map(String.init)
      if parts.count == 1 { parts.append("") }
      while parts[1].count < minimum { parts[1] += "0" }
      expected = parts[1].isEmpty ? parts[0] : parts[0] + "." + parts[1]
      #expect(ExactDecimal.format(value, minimumFractionDigits: minimum) == expected, "\(text) with \(minimum)")
      // The writer writes the same text as a string value, in place or through the string.
      var writer = PrettyJSONWriter()
      writer.decimal(value, minimumFractionDigits: minimum)
      var string = PrettyJSONWriter()
      string.string(expected)
      #expect(writer.finish() == string.finish(), "\(text) with \(minimum)")
      if minimum == 2 {
        var amount = PrettyJSONWriter()
        amount.amount(Money(value))
        #expect(String(decoding: amount.finish(), as: UTF8.self) == "\"\(Money(value).canonical)\"")
      }
    }
  }

  @Test("the significand is read from this platform's decimals, so the fast path is the one tested")
  func layout() throws {
    for text in ["-12.50", "0", "7", "-0.000001", "123456789.123456789", "18446744073709551615"] {
      let value = try #require(Decimal(string: text))
      let parts = try #require(ExactDecimal.parts(value), "\(text)")
      #expect(Decimal(sign: parts.negative ? .minus : .plus, exponent: parts.exponent, significand: Decimal(parts.significand)) == value)
      #expect(parts.negative == text.hasPrefix("-"))
    }
    #expect(ExactDecimal.parts(Decimal(UInt64.max) + 1) == nil)
    for text in Self.values {
      let value = try #require(Decimal(string: text))
      let fits = value.significand <= Decimal(UInt64.max) && (-18...18).contains(value.exponent)
      #expect((ExactDecimal.formatFast(value, minimumFractionDigits: 2) != nil) == fits, "\(text)")
    }
  }

  @Test("the significand path agrees with the decimal's text on sums, products and quotients")
  func arithmetic() {
    var state: UInt64 = 42  // a fixed linear congruential sequence: the same values every run
    func next(_ range: ClosedRange<Int>) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
    for _ in 0..<2000 {
      let a = Decimal(next(-10_000_000...10_000_000)) / Decimal(sign: .plus, exponent: next(0...8), significand: 1)
      let b = Decimal(next(-1000...1000)) / 7
      for value in [a, a + b, a * 3, ExactDecimal.round(a * b, scale: 4)] {
        var expected = value.description
        if expected.hasPrefix("-0") && value.isZero { expected.removeFirst() }
        #expect(ExactDecimal.format(value, minimumFractionDigits: 0) == expected, "\(value)")
      }
    }
  }

  @Test("money shows cents with separators", arguments: [
    ("1234.5", "$1,234.50"), ("-0.004", "$0.00"), ("1234567.891", "$1,234,567.89"), ("0.015", "$0.02"),
    ("-1234.5", "-$1,234.50"), ("100", "$100.00"), ("999999.999", "$1,000,000.00"), ("12", "$12.00"),
    ("-123456", "-$123,456.00"), ("1000", "$1,000.00"),
  ])
  func display(text: String, shown: String) throws {
    let money = Money(try #require(Decimal(string: text)))
    #expect(money.display("USD") == shown)
    #expect(money.display("EUR") == shown.replacingOccurrences(of: "$", with: "€"))
    #expect(money.display("CHF") == shown.replacingOccurrences(of: "$", with: "") + " CHF")
  }
}
