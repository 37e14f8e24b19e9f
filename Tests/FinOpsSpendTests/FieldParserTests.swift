import FinOpsCore
import FinOpsSpend
import Foundation
import Testing

@Suite("Field values from bytes")
struct FieldParserTests {
  func timestamp(_ text: String) -> Timestamp? {
    Array(text.utf8).withUnsafeBufferPointer { FieldParser.timestamp($0) }
  }

  func decimal(_ text: String) -> Decimal? {
    Array(text.utf8).withUnsafeBufferPointer { FieldParser.decimal($0) }
  }

  @Test(
    "timestamps in FOCUS, CUR and SQL shapes are UTC instants",
    arguments: [
      ("2026-10-05T00:00:00Z", "2026-10-05T00:00:00Z"),
      ("2026-10-05", "2026-10-05T00:00:00Z"),
      ("2026-10-05 13:45:10", "2026-10-05T13:45:10Z"),
      ("2026-10-05T13:45:10.123Z", "2026-10-05T13:45:10Z"),
      ("2026-10-05T13:45Z", "2026-10-05T13:45:00Z"),
      ("2026-10-05T02:00:00+02:00", "2026-10-05T00:00:00Z"),
      ("2026-10-05T00:00:00-0130", "2026-10-05T01:30:00Z"),
    ])
  func timestamps(text: String, expected: String) {
    #expect(timestamp(text)?.description == expected)
  }

  @Test(
    "malformed timestamps are rejected",
    arguments: [
      "", "2026-13-01T00:00:00Z", "2026-02-30", "05/10/2026", "2026-10-05T25:00:00Z",
      "2026-10-05T00:00:00Q", "2026-10-05T00:00:00.Z",
    ])
  func badTimestamps(text: String) {
    #expect(timestamp(text) == nil)
  }

  @Test(
    "decimals are exact, exponents included",
    arguments: [
      ("12.50", "12.5"), ("-0.000123", "-0.000123"), ("+3", "3"), ("1.5E-7", "0.00000015"),
      ("2e3", "2000"), ("0.1", "0.1"), ("00012.3400", "12.34"),
      ("12345678901234567890.123456789", "12345678901234567890.123456789"),
    ])
  func decimals(text: String, expected: String) {
    #expect(decimal(text) == Decimal(string: expected, locale: nil))
  }

  @Test(
    "malformed decimals are rejected",
    arguments: ["", "-", "1,200.00", "$5", "1.2.3", "1e", "abc", "NaN", "1 "])
  func badDecimals(text: String) {
    #expect(decimal(text) == nil)
  }
}
