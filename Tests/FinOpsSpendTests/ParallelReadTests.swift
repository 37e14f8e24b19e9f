import FinOpsCore
import FinOpsSpend
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Reading exports on every core")
struct ParallelReadTests {
  static let header =
    "BillingPeriodStart,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,"
    + "BillingCurrency,ChargeCategory,ServiceName,SubAccountId,RegionId,SkuMeter,"
    + "ConsumedQuantity,ResourceId,Tags,x_IamPrincipal"

  /// A day-long row of `amount` on `day` (YYYY-MM-DD) by `principal`.
  static func row(
    _ day: String, _ amount: String, principal: String, account: String = Samples.account,
    meter: String = "USE1-Claude4.5Sonnet-input-tokens", region: String = "us-east-1"
  ) -> String {
    let start = Samples.day(day)
    let period = String(day.prefix(8)) + "01T00:00:00Z"
    return "\(period),\(start)T00:00:00Z,\(Day(ordinal: start.ordinal + 1))T00:00:00Z,"
      + "\(amount),\(amount),USD,Usage,Amazon Bedrock,\(account),\(region),\(meter),1,,,"
      + principal
  }

  /// Exports of four deliveries: October delivered twice (the later restating it), November
  /// split into two parts, December with another account's spend; callers claimed, unknown,
  /// in another account and in another Region; one malformed row.
  static func exports() throws -> (folder: TemporaryDirectory, paths: [String]) {
    let folder = try TemporaryDirectory()
    let k7 = Samples.session("finops-claims-assistant-k7q2")
    let m3 = Samples.session("finops-claims-assistant-m3nx", session: "s-2")
    let stranger = Samples.session("someone-else")
    let elsewhere = Samples.session("finops-claims-assistant-k7q2", account: Samples.otherAccount)
    var files: [String: [String]] = [:]
    for day in 6...20 {
      let date = "2026-10-\(day < 10 ? "0" : "")\(day)"
      files["spend/2026-10/focus-2026-10-20261101.csv", default: []] += [
        row(date, "1.25", principal: k7), row(date, "0.50", principal: stranger),
      ]
      files["spend/2026-10/focus-2026-10-20261108.csv", default: []] += [
        row(date, "1.50", principal: k7), row(date, "0.75", principal: m3, region: "eu-west-1"),
      ]
      let november = "2026-11-\(day < 10 ? "0" : "")\(day)"
      let part = day % 2 == 0 ? "00001" : "00002"
      files["spend/2026-11/focus-2026-11-20261201-\(part).csv", default: []] += [
        row(november, "2.00", principal: k7), row(november, "0.10", principal: elsewhere),
        row(november, "0.30", principal: m3, meter: "USE1-NovaPro-input-tokens"),
      ]
      let december = "2026-12-\(day < 10 ? "0" : "")\(day)"
      files["spend/2026-12/focus-2026-12-20261221.csv", default: []] += [
        row(december, "3.00", principal: k7),
        row(december, "0.40", principal: stranger, account: Samples.otherAccount),
      ]
    }
    files["spend/2026-12/focus-2026-12-20261221.csv", default: []].append(
      "2026-12-01T00:00:00Z,2026-12-08T00:00:00Z,1.00")
    for (path, rows) in files {
      try folder.write(path, ([header] + rows).joined(separator: "\n") + "\n")
    }
    return (folder, files.keys.sorted())
  }

  /// An attribution of the sample workloads with nothing added yet.
  static func attribution() -> Attribution {
    Attribution(workloads: Samples.workloads, configuration: Samples.configuration)
  }

  /// The ledger of reading `paths` `times` times over, one file after another with `add`.
  static func oneByOne(_ root: String, _ paths: [String], times: Int = 1)
    -> (SpendLedger, [String])
  {
    var attribution = Self.attribution()
    var problems: [String] = []
    for _ in 0..<times {
      for path in paths {
        _ = SpendExportReader.read(
          root: root, path: path, record: { attribution.add($0) },
          diagnostic: { problems.append($0.description) })
      }
    }
    return (attribution.ledger(), problems.sorted())
  }

  @Test("deliveries read on every core give the ledger and diagnostics of reading one by one")
  func sameLedger() throws {
    let (folder, paths) = try Self.exports()
    defer { folder.remove() }
    var attribution = Self.attribution()
    var problems: [String] = []
    attribution.read(root: folder.path, paths: paths) { problems.append($0.description) }
    let ledger = attribution.ledger()
    let (expected, expectedProblems) = Self.oneByOne(folder.path, paths)
    #expect(ledger == expected)
    #expect(problems.sorted() == expectedProblems)
    #expect(problems.count == 1)
    // What the exports hold shows in the ledger: a restatement, both parts of November, the
    // gaps of every kind written.
    #expect(ledger.balances)
    #expect(ledger.restatements.count == 1)
    #expect(
      ledger.deliveries == [
        "spend/2026-10/focus-2026-10-20261108", "spend/2026-11/focus-2026-11-20261201",
        "spend/2026-12/focus-2026-12-20261221",
      ])
    #expect(!ledger.unattributed.isEmpty)
    #expect(Set(ledger.findings.map(\.kind)).count >= 3)
    let k7 = ComponentReference(workload: "claims-assistant", component: "k7q2")
    #expect(ledger.components.first { $0.reference == k7 }?.weeks.isEmpty == false)
  }

  @Test("reading into an attribution that has rows already adds to its buckets")
  func readTwice() throws {
    let (folder, paths) = try Self.exports()
    defer { folder.remove() }
    var attribution = Self.attribution()
    attribution.read(root: folder.path, paths: paths) { _ in }
    attribution.read(root: folder.path, paths: paths) { _ in }
    let (expected, _) = Self.oneByOne(folder.path, paths, times: 2)
    #expect(attribution.ledger() == expected)
  }
}
