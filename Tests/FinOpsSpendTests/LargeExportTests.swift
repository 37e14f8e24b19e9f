import FinOpsCore
import FinOpsSpend
import FinOpsTestSupport
import Foundation
import Testing

@Suite("A large export", .serialized)
struct LargeExportTests {
  /// Resident memory of this process, in MiB (Linux), or nil where /proc is missing.
  static func residentMiB() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return nil
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
      return digits.map { $0 / 1024 }
    }
    return nil
  }

  /// User and system time of every thread of this process so far, in seconds.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
      // Glibc imports `RUSAGE_SELF` as an enum case; `getrusage` takes its raw value.
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// 10,000 live workloads, one component each, claimed before October.
  static func workloads(_ count: Int) -> [Workload] {
    (0..<count).map { index in
      Workload(
        slug: "w\(index)", title: "W\(index)", owner: "po@example.com", product: "claims-intake",
        components: [
          Samples.component("k7q2", status: .live, budget: 500, claim: "2026-09-01T00:00:00Z")
        ])
    }
  }

  @Test("1,000,000 rows across 10,000 workloads stream in flat memory and reconcile")
  func millionRows() throws {
    let rows = Int(ProcessInfo.processInfo.environment["SPEND_LARGE_ROWS"] ?? "") ?? 1_000_000
    let workloadCount = 10_000
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = "spend/large.csv"
    let url = URL(fileURLWithPath: folder.path).appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    var expected = Money.zero
    var batch =
      "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,"
      + "ChargeCategory,ServiceName,SubAccountId,RegionId,SkuMeter,ConsumedQuantity,ResourceId,"
      + "Tags,x_IamPrincipal\n"
    let generated = Date()
    for index in 0..<rows {
      let day = 1 + index % 28
      let dayText = day < 10 ? "0\(day)" : "\(day)"
      let next = day + 1 < 10 ? "0\(day + 1)" : "\(day + 1)"
      let cents = 1 + (index &* 7919) % 99_999
      let amount = "\(cents / 1000).\(String(cents % 1000 + 1000).dropFirst())"
      expected += Money(parsing: amount) ?? .zero
      // Every 50th row comes from a notebook role nobody requested.
      let role = index % 50 == 0 ? "ds-notebook" : "finops-w\(index % workloadCount)-k7q2"
      batch +=
        "2026-10-\(dayText)T00:00:00Z,2026-10-\(next)T00:00:00Z,\(amount),\(amount),USD,Usage,"
        + "Amazon Bedrock,\(Samples.account),us-east-1,USE1-Claude4.5Sonnet-input-tokens,\(cents),,"
        + "\"{\"\"team\"\":\"\"a,b\"\"}\",arn:aws:sts::\(Samples.account):assumed-role/\(role)/s\n"
      if batch.utf8.count > 1 << 20 {
        handle.write(Data(batch.utf8))
        batch = ""
      }
    }
    handle.write(Data(batch.utf8))
    try handle.close()
    let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    let generation = Date().timeIntervalSince(generated)

    var attribution = Attribution(
      workloads: Self.workloads(workloadCount), configuration: Samples.configuration)
    var problems: [Diagnostic] = []
    var count = 0
    var early: Double?
    var peak = 0.0
    let started = Date()
    let startedCPU = Self.cpuSeconds()
    let summary = SpendExportReader.read(
      root: folder.path, path: path,
      record: { record in
        attribution.add(record)
        count += 1
        if count % 100_000 == 0, let resident = Self.residentMiB() {
          if early == nil { early = resident }
          peak = max(peak, resident)
        }
      }, diagnostic: { problems.append($0) })
    let reading = Date().timeIntervalSince(started)
    let readingCPU = Self.cpuSeconds() - startedCPU
    let ledger = attribution.ledger()
    let total = Date().timeIntervalSince(started)

    #expect(problems.isEmpty)
    #expect(summary.records == rows)
    #expect(ledger.balances)
    #expect(ledger.reconciliation.first?.input.effective == expected)
    #expect(ledger.reconciliation.first?.input.rows == rows)
    let growth = early.map { peak - $0 } ?? 0
    print(
      """
      large export: \(rows) rows, \(size / 1_048_576) MiB, generated in \
      \(String(format: "%.1f", generation)) s; read and attributed in \
      \(String(format: "%.2f", reading)) s (CPU \(String(format: "%.2f", readingCPU)) s), ledger in \(String(format: "%.2f", total - reading)) s \
      (\(String(format: "%.0f", Double(rows) / max(reading, 0.001))) rows/s); resident memory \
      \(String(format: "%.0f", early ?? 0)) MiB at 100,000 rows, \(String(format: "%.0f", peak)) \
      MiB at most (growth \(String(format: "%.0f", growth)) MiB)
      """)
    // The file is far larger than this; reading it whole would blow through the bound.
    if rows >= 500_000 { #expect(growth < 96) }
  }
}
