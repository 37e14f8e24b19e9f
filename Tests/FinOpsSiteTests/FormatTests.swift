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
