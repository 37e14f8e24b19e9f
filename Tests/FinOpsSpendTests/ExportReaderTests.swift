import FinOpsCore
import FinOpsSpend
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Reading cost exports")
struct ExportReaderTests {
  @Test("a FOCUS file is told by its header and read row by row")
  func focus() {
    let (records, diagnostics, summary) = Samples.read("focus-basic.csv")
    #expect(diagnostics.isEmpty)
    #expect(summary.flavor == .focus)
    #expect(summary.records == 10 && summary.rejected == 0)
    let first = records[0]
    #expect(first.location == SourceLocation(path: "focus-basic.csv", line: 2, column: 1))
    #expect(first.chargePeriodStart.description == "2026-10-06T00:00:00Z")
    #expect(first.chargePeriodEnd.description == "2026-10-07T00:00:00Z")
    #expect(first.billingPeriodStart.description == "2026-10-01")
    #expect(first.effectiveCost == Money(parsing: "1.00"))
    #expect(first.account == "111122223333")
    #expect(first.meter == "USE1-Claude4.5Sonnet-input-tokens")
    #expect(first.quantity == 333_333)
    #expect(first.tags == "{\"team\":\"claims\"}")
    #expect(records[1].tags == "{\"team\":\"claims, intake\"}")
    #expect(records[9].chargeCategory == .tax)
    #expect(records[9].principal == nil && records[9].region == nil)
  }

  @Test("a CUR 2.0 file with CRLF line ends gives the same records as its FOCUS twin")
  func curMatchesFocus() {
    let cur = Samples.read("cur-basic.csv")
    let focus = Samples.read("focus-basic.csv")
    #expect(cur.diagnostics.isEmpty)
    #expect(cur.summary.flavor == .cur2)
    #expect(cur.records.count == focus.records.count)
    for (left, right) in zip(cur.records, focus.records) {
      var normalized = left
      normalized.location = right.location
      normalized.listCost = nil
      normalized.serviceName = right.serviceName
      #expect(normalized == right)
    }
    #expect(cur.records[0].listCost == Money(parsing: "1.00"))
    #expect(cur.records[0].serviceName == "AmazonBedrock")
  }

  @Test("a gzip-compressed export streams through gzip and reads like the plain one")
  func gzip() {
    let compressed = Samples.read("focus-basic.csv.gz")
    let plain = Samples.read("focus-basic.csv")
    #expect(compressed.diagnostics.isEmpty)
    #expect(compressed.records.map(\.effectiveCost) == plain.records.map(\.effectiveCost))
    #expect(compressed.records.map(\.location.line) == plain.records.map(\.location.line))
    #expect(compressed.records.first?.location.path == "focus-basic.csv.gz")
  }

  @Test("a truncated gzip file is a spend.read error after the rows it did hold")
  func truncatedGzip() {
    let (_, diagnostics, _) = Samples.read("truncated.csv.gz")
    #expect(diagnostics.contains { $0.rule == "spend.read" && $0.message.contains("gzip") })
    #expect(
      !diagnostics.contains { $0.message.contains("/") && $0.message.contains(Samples.fixtures) })
  }

  @Test("malformed rows are diagnostics with their line, and every row is accounted for")
  func malformed() {
    let (records, diagnostics, summary) = Samples.read("malformed.csv")
    #expect(records.map(\.location.line) == [2, 8, 13])
    #expect(records[1].tags == "{\"note\":\"two\nlines\"}")
    let found = diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
    #expect(
      found == [
        "3:1 spend.row", "4:64 spend.amount", "5:22 spend.date", "6:74 spend.currency",
        "7:78 spend.category", "10:64 spend.amount", "11:1 spend.row", "12:43 spend.date",
      ])
    #expect(summary.records + summary.rejected == 11)
    #expect(diagnostics.allSatisfy { $0.severity == .error && $0.location.path == "malformed.csv" })
    #expect(diagnostics[0].message == "the row has 3 fields; the header has 15")
    #expect(diagnostics[1].message == "BilledCost '1,00' is not an exact decimal such as 12.50")
    #expect(diagnostics[3].message.contains("'usd' is not an ISO 4217 code"))
    #expect(diagnostics[4].message.contains("ChargeCategory 'Discount' is not Usage, Purchase"))
    #expect(diagnostics[6].message.contains("a quote inside an unquoted field"))
    #expect(diagnostics[7].message.contains("ends (2026-10-08T00:00:00Z) before it starts"))
  }

  @Test("a legacy CUR header is refused with what to export instead")
  func legacy() {
    let (records, diagnostics, summary) = Samples.read("legacy-cur.csv")
    #expect(records.isEmpty)
    #expect(diagnostics.map(\.rule) == ["spend.header", "spend.header"])
    #expect(diagnostics[0].message.contains("legacy CUR"))
    #expect(
      diagnostics[1].message == "1 data row was not read because the header was not understood")
    #expect(summary.rejected == 1)
  }

  @Test("missing required columns are named, and the rows are counted as not read")
  func missingColumns() {
    let (_, diagnostics, summary) = Samples.read("missing-columns.csv")
    #expect(
      diagnostics.first?.message
        == "the focus export lacks the required columns BilledCost, EffectiveCost")
    #expect(diagnostics.last?.message.hasPrefix("2 data rows were not read") == true)
    #expect(summary.rejected == 2)
  }

  @Test("a file without a caller column is read, with a warning that its rows are unattributed")
  func noPrincipal() {
    let (records, diagnostics, _) = Samples.read("no-principal.csv")
    #expect(records.count == 1)
    #expect(diagnostics.map(\.severity) == [.warning])
    #expect(
      diagnostics.first?.message
        == "no x_IamPrincipal column: every row of this file is unattributed")
  }

  @Test("an empty file and an unreadable file are diagnostics, not crashes")
  func emptyAndMissing() {
    let empty = Samples.parse("")
    #expect(empty.diagnostics.map(\.message) == ["the export is empty: it has no header row"])
    let (_, diagnostics, _) = Samples.read("does-not-exist.csv")
    #expect(diagnostics.map(\.rule) == ["spend.read"])
  }

  @Test("records and diagnostics reach the caller in file order, across many batches")
  func fileOrder() {
    // 5,000 rows (several of the reader's batches), every seventh one broken.
    let header =
      "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,"
      + "ChargeCategory,ServiceName,SubAccountId,RegionId,SkuMeter,x_IamPrincipal\n"
    var text = header
    for index in 0..<5_000 {
      let cost = index % 7 == 3 ? "1,00" : "1.00"
      text +=
        "2026-10-06T00:00:00Z,2026-10-07T00:00:00Z,\(cost),1.00,USD,Usage,Amazon Bedrock,"
        + "111122223333,us-east-1,USE1-Claude4.5Sonnet-input-tokens,r\(index)\n"
    }
    var events: [(line: Int, isRecord: Bool)] = []
    let summary = SpendExportReader.parse(
      path: "order.csv", stream: MemoryByteStream(Array(text.utf8), chunkSize: 1 << 12),
      record: { events.append(($0.location.line, true)) },
      diagnostic: { events.append(($0.location.line, false)) })
    #expect(summary.records == 4_286 && summary.rejected == 714)
    let inFileOrder = events.map(\.line).elementsEqual(2...5_001)
    #expect(inFileOrder)
    #expect(events.filter { !$0.isRecord }.allSatisfy { ($0.line - 2) % 7 == 3 })
  }

  @Test("costs read as whole units equal the same costs as money; setting one keeps the other")
  func costs() {
    let text =
      "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency\n"
      + "2026-10-06T00:00:00Z,2026-10-07T00:00:00Z,1.25,1.00,USD\n"
      + "2026-10-06T00:00:00Z,2026-10-07T00:00:00Z,0.000000000001,1.5E-7,USD\n"
    let records = Samples.parse(text).records
    #expect(records.count == 2)
    guard records.count == 2 else { return }
    let units = records[0]
    #expect(units.fixedCosts?.billed == 12_500_000_000)
    #expect(units.fixedCosts?.effective == 10_000_000_000)
    #expect(units.billedCost == Money(parsing: "1.25"))
    #expect(units.effectiveCost == Money(parsing: "1"))
    var money = units
    money.billedCost = Money(parsing: "1.250") ?? .zero
    #expect(money.fixedCosts == nil && money.effectiveCost == Money(parsing: "1.00"))
    #expect(money == units && money.hashValue == units.hashValue)
    money.effectiveCost = Money(parsing: "2") ?? .zero
    #expect(money != units && money.billedCost == Money(parsing: "1.25"))
    // Finer than 10⁻¹⁰: held as money, exactly.
    let fine = records[1]
    #expect(fine.fixedCosts == nil)
    #expect(fine.billedCost == Money(parsing: "0.000000000001"))
    #expect(fine.effectiveCost == Money(parsing: "0.00000015"))
  }

  @Test("the reader gives the same records whatever the chunk size")
  func chunks() {
    let text =
      (try? String(contentsOfFile: Samples.fixtures + "/focus-basic.csv", encoding: .utf8)) ?? ""
    let whole = Samples.parse(text).records
    for size in [1, 3, 17, 4096] {
      #expect(Samples.parse(text, chunkSize: size).records == whole)
    }
  }

  @Test("deliveries fold split parts and extensions; export files are found sorted")
  func deliveries() throws {
    #expect(
      Delivery.id(forPath: "spend/2026-11/focus-20261123-00002.csv.gz")
        == "spend/2026-11/focus-20261123")
    #expect(Delivery.id(forPath: "spend/focus-2026-10-03.csv") == "spend/focus-2026-10-03")
    #expect(Delivery.id(forPath: "spend/a.CSV") == "spend/a")
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("spend/b/2.csv.gz", "")
    try folder.write("spend/a.csv", "")
    try folder.write("spend/notes.md", "")
    #expect(
      SpendExportReader.exportFiles(root: folder.path) == ["spend/a.csv", "spend/b/2.csv.gz"])
  }
}

@Suite("Decoding rows")
struct SpendRowDecoderTests {
  @Test("times repeated from row to row decode as each would alone, valid or not")
  func repeatedTimes() throws {
    let names = ["BillingPeriodStart", "ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost", "BillingCurrency"]
    let header = try #require(ExportHeader.parse(names, path: "t.csv").0)
    var decoder = SpendRowDecoder(header: header, path: "t.csv")
    var generator = SeededRandom(state: 8601)
    func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(generator.next() % UInt64(range.count)) }
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    var checked = 0
    for _ in 0..<3_000 {
      let date = "\(pick(2024...2027))-\(two(pick(1...12)))-\(two(pick(1...28)))"
      let time = "T\(two(pick(0...23))):\(two(pick(0...59))):\(two(pick(0...59)))"
      let fraction = "." + String(repeating: "1", count: pick(1...9))
      let zone = ["Z", "+01:00", "-05:30", "+0200", ""][pick(0...4)]
      var text = [date, date + time + zone, date + time + fraction + zone, date + " 00:00"][pick(0...3)]
      if pick(0...9) == 0 {
        // Invalid, and as long as a valid one: compared word by word with the one before.
        text = String(text.prefix(4)) + "x" + String(text.dropFirst(5))
      }
      // Then the same text with one digit changed, wherever it is: equal but for that byte.
      var variant = Array(text.utf8)
      let digits = variant.indices.filter { (48...57).contains(variant[$0]) }
      let position = digits[pick(0...digits.count - 1)]
      variant[position] = 48 + (variant[position] - 47) % 10
      for text in [text, text, String(decoding: variant, as: UTF8.self)] {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for field in [text, text, text, "1.00", "1.00", "USD"] {
          bytes += Array(field.utf8)
          ends.append(bytes.count)
        }
        let record = CSVRecord(bytes: bytes, ends: ends, starts: [], line: 2)
        let alone = Array(text.utf8).withUnsafeBufferPointer { FieldParser.timestamp($0) }
        switch decoder.decode(record) {
        case .success(let decoded):
          #expect(decoded.chargePeriodStart == alone, "\(text)")
          #expect(decoded.chargePeriodEnd == alone, "\(text)")
          #expect(decoded.billingPeriodStart == alone?.day, "\(text)")
        case .failure:
          #expect(alone == nil, "\(text)")
        }
        checked += 1
      }
    }
    #expect(checked == 9_000)
  }
}
