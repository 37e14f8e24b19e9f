import FinOpsCore
import Foundation
import Testing

@testable import FinOpsSite

@Suite("How values read")
struct FormatTests {
  @Test("whole numbers get thousands separators", arguments: [
    (0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (123456, "123,456"), (1234567, "1,234,567"),
    (-1234, "-1,234"), (180_000_000, "180,000,000"),
  ])
  func grouped(value: Int, text: String) {
    #expect(Format.grouped(value) == text)
  }

  /// `Format.grouped` as it was written before it wrote its digits into the string.
  static func groupedByCharacters(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = value < 0 ? "-" : ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return result
  }

  @Test("grouping reads as it did digit by digit, for any whole number")
  func groupedAsBefore() {
    var values = [Int.min, Int.max, Int.min + 1, 0, -1, 1]
    for power in 0..<19 {
      let p = Int(pow(10.0, Double(power)))
      values += [p, p - 1, -p, 1 - p, p + 1]
    }
    var state: UInt64 = 3
    for _ in 0..<5_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Int(truncatingIfNeeded: state) >> Int(state % 60))
    }
    for value in values { #expect(Format.grouped(value) == Self.groupedByCharacters(value), "\(value)") }
  }

  /// `Format.personSlug` the general way, for any email.
  static func slugByScalars(_ email: String) -> String {
    var result = ""
    for scalar in email.lowercased().unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
        result.unicodeScalars.append(scalar)
      } else if !result.hasSuffix("-") {
        result += "-"
      }
    }
    return result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
  }

  @Test("person slugs read byte by byte as they do scalar by scalar")
  func personSlugs() {
    let emails = [
      "priya.shah@northwind.example", "Priya.Shah@NorthWind.Example", "-a--b-@c-", "", "-", "--",
      "a", ".a.", "x_y+z@q.io", "ÉLodie@exämple.fr", "\u{212A}elvin@x.io", "a\u{301}b@c.d",
      "UPPER@CASE.COM", "123@456.789", "@@@", "a@b", " spaced out @x ",
    ]
    for email in emails {
      #expect(Format.personSlug(email) == Self.slugByScalars(email), "\(email)")
      #expect(Format.asciiPersonSlug(email).map { $0 == Self.slugByScalars(email) } ?? true)
    }
    #expect(Format.asciiPersonSlug("ÉLodie@x.fr") == nil)
  }

  @Test("counts name their noun in the singular only for one")
  func counts() {
    #expect(Format.count(0, "workload") == "0 workloads")
    #expect(Format.count(1, "workload") == "1 workload")
    #expect(Format.count(2, "workload") == "2 workloads")
    #expect(Format.count(12_000, "workload") == "12,000 workloads")
  }

  @Test("ages print exactly as %.1f does, ties and all")
  func days() {
    var values: [Double] = [0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.95, 1, 9.95, 10.05, 99.95, 123.45, 1e14 + 0.5, -1.25, 2e15]
    // Every age a whole number of seconds can give near the ties (odd multiples of 4,320 s).
    for seconds in stride(from: Int64(0), through: 86_400 * 400, by: 4_320) {
      for delta: Int64 in [-1, 0, 1] { values.append(Double(seconds + delta) / 86_400) }
    }
    var state: UInt64 = 7
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Double(state >> 11) / Double(1 << 53) * 1_000)
    }
    for value in values {
      #expect(Format.days(value) == String(format: "%.1f", value), "\(value)")
      let buffer = ByteBuffer(capacity: 0)
      buffer.append(UInt8(ascii: "x"))
      Format.appendDays(value, to: buffer)
      #expect(buffer.text == "x" + String(format: "%.1f", value), "\(value)")
    }
  }

  /// Feed escaping as it was written before it copied runs: byte by byte.
  static func escapedByteByByte(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      index += 1
      switch byte {
      case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
      case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
      case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
      case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
      case UInt8(ascii: "'"): bytes.append(contentsOf: "&apos;".utf8)
      case 0x9, 0xA, 0xD, 0x20..<0x80: bytes.append(byte)
      case 0..<0x20: continue
      case 0xEF where index + 1 < utf8.count && utf8[index] == 0xBF && (utf8[index + 1] == 0xBE || utf8[index + 1] == 0xBF):
        index += 2
      default: bytes.append(byte)
      }
    }
    return bytes
  }

  @Test("feed events are ordered newest first, then by reference and position, as one sort with a comparator orders them")
  func feedOrder() {
    var random = SeededRandom(state: 9)
    let references = (0..<40).map { "w\(random.next() % 7)/c\($0)" }
    func reference(_ fact: Int32) -> String { references[Int(fact)] }
    for times: [Int64] in [[1_700_000_000, 1_700_000_001, 1_700_000_002], [-5, 0, 3], [1 << 40, 7]] {
      let entries = (0..<500).map { _ in
        (at: Timestamp(seconds: times[Int(random.next() % UInt64(times.count))] + Int64(random.next() % 2)),
         fact: Int32(random.next() % 40), index: Int32(random.next() % 4))
      }
      let expected = entries.sorted { a, b in
        if a.at != b.at { return a.at > b.at }
        if a.fact != b.fact { return reference(a.fact) > reference(b.fact) }
        return a.index > b.index
      }
      let sorted = Feeds.newestFirst(entries, reference: reference)
      #expect(sorted.map(\.at) == expected.map(\.at))
      #expect(sorted.map { reference($0.fact) } == expected.map { reference($0.fact) })
      #expect(sorted.map(\.index) == expected.map(\.index))
    }
  }

  @Test("workloads are ordered by slug as text orders them, by bytes when every slug is ASCII")
  func slugOrder() {
    var random = SeededRandom(state: 4)
    for alphabet: [String] in [["a", "b", "-", "0", "z", "aa"], ["a", "é", "e\u{301}", "-", "Z", "ß"]] {
      let slugs = (0..<300).map { _ in (0..<Int(random.next() % 5)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined() }
      let order = StringOrder.sortedPositions(count: slugs.count) { slugs[$0] }
      #expect(order.sorted() == Array(slugs.indices))
      #expect(zip(order, order.dropFirst()).allSatisfy { !(slugs[$1] < slugs[$0]) }, "\(order.map { slugs[$0] })")
    }
  }

  @Test("feed text copied in runs reads as it did byte by byte")
  func feedEscapingAsBefore() {
    let pieces = [
      "a", "plain words ", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{07}", "\u{00}", "\u{7F}",
      "é", "🎉", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{EFBF}", "\u{FEFF}", "\u{10FFFF}",
    ]
    var state: UInt64 = 5
    for _ in 0..<3_000 {
      var text = ""
      for _ in 0..<Int(state % 12) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += pieces[Int(state >> 33) % pieces.count]
      }
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      var bytes = Array("x".utf8)
      Feeds.appendEscaped(text, to: &bytes)
      #expect(bytes == Array("x".utf8) + Self.escapedByteByByte(text), "\(text.debugDescription)")
    }
  }

  @Test("feed text is escaped for XML and loses the characters XML forbids")
  func feedEscaping() {
    let cases: [(String, String)] = [
      ("plain", "plain"),
      ("<a href=\"x\">Tom & Jerry's</a>", "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;"),
      ("tab\tline\ncr\r", "tab\tline\ncr\r"),
      ("bell\u{07}nul\u{00}esc\u{1B}del\u{7F}", "bellnulescdel\u{7F}"),
      ("café — naïve 🎉", "café — naïve 🎉"),
      ("a\u{FFFE}b\u{FFFF}c\u{FFFD}d\u{FEFF}e", "abc\u{FFFD}d\u{FEFF}e"),
      ("\u{EFBF}\u{10FFFF}", "\u{EFBF}\u{10FFFF}"),
    ]
    for (text, expected) in cases {
      var bytes: [UInt8] = []
      Feeds.appendEscaped(text, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
  }
}

@Suite("Markdown through cmark-gfm")
struct MarkdownOptionTests {
  @Test(
    "a String renders the same without cmark-gfm's UTF-8 check as with it",
    arguments: [
      "", "plain", "naïve café — “quotes” 😀 e\u{301}", "a\u{0}b\n\n\u{0}", "line\r\nbreak\rmore\n",
      "| a | b |\n|---|---|\n| ü | \u{0} |\n", "~~struck~~ www.example.com/ü x@ü.example",
      "\u{FEFF}bom\n", "```swift\nlet ü = 1\n```\n", "[ü](https://ü.example/ä?ö=1) <https://x>",
      String(repeating: "ü", count: 5000) + "\n- [x] done\n",
    ])
  func withoutUTF8Check(markdown: String) {
    #expect(
      MarkdownRenderer().render(markdown)
        == MarkdownRenderer(validatesUTF8: true).render(markdown))
  }
}
