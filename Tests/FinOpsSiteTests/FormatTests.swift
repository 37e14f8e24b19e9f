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
}
