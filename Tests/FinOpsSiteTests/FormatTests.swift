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
