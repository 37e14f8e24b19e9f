import FinOpsCore
import Foundation

/// Writes FOCUS cost exports for a generated corpus, one delivery per billing month like AWS's
/// monthly export (`spend/2026-03/focus-2026-03-20260401.csv`), deterministic from the seed.
///
/// Every claimed component spends weekly on its approved model's input and output token meters,
/// from the day it was claimed until it was retired or the corpus ends, through the role it
/// claimed (so `finops build` attributes the rows to it). Spend no request covers comes too: a
/// data-science notebook role and a Bedrock API key in every account each week, and a monthly tax
/// row. A week that straddles two months is two rows, one per billing period.
///
/// With `rows`, every row but the tax is split into shorter charge periods (whole hours where
/// they are long enough) until the exports hold exactly that many rows: the same spend at a finer
/// grain, for benchmarks.
struct SpendGenerator {
  /// A claimed component: its role, where it runs, its weekly usage and when it spends.
  struct Caller {
    /// The workload's slug.
    var workload: String
    /// The component's id.
    var component: String
    /// The role the component claimed.
    var roleName: String
    /// The approved account.
    var account: String
    /// The approved Region.
    var region: String
    /// The approved model ID.
    var model: String
    /// Input tokens in an average week.
    var weeklyInput: Int
    /// Output tokens in an average week.
    var weeklyOutput: Int
    /// The first day with spend: the day of the claim.
    var from: Day
    /// The day after the last day with spend: the day after the retirement, if any.
    var until: Day?
  }

  /// One row before splitting.
  private struct Row {
    var start: Timestamp
    var end: Timestamp
    var category: String
    var account: String
    var region: String
    var meter: String
    var tokens: Int
    /// Micro-dollars per token: the catalog's price per million tokens.
    var price: Int
    var tags: String
    var principal: String
  }

  let seed: UInt64
  let callers: [Caller]
  let accounts: [String]
  /// The day after the corpus's last day.
  let end: Day
  /// How many rows to write in all; nil for weekly rows.
  let rows: Int?

  /// Writes the exports under `root/spend`; returns how many rows they hold.
  func write(to root: URL) throws -> Int {
    guard let first = callers.map(\.from).min(), first < end else { return 0 }
    var splittable = 0
    var fixed = 0
    forEachRow(from: first) { row in
      if row.category == "Usage" { splittable += 1 } else { fixed += 1 }
    }
    let wanted = max(0, (rows ?? 0) - fixed)
    var written = 0
    var slot = 0
    var file: FileHandle?
    var buffer = ""
    func flush() {
      file?.write(Data(buffer.utf8))
      buffer = ""
    }
    var month = Self.monthStart(first)
    while month < end {
      let next = Self.monthStart(month.adding(days: 32))
      let delivery = min(next, end)
      let folder = root.appendingPathComponent("spend/\(Self.month(month))")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let compact = delivery.description.replacingOccurrences(of: "-", with: "")
      let url = folder.appendingPathComponent("focus-\(Self.month(month))-\(compact).csv")
      _ = FileManager.default.createFile(atPath: url.path, contents: nil)
      file = try FileHandle(forWritingTo: url)
      buffer = Self.header
      let period = "\(Timestamp(day: month)),\(Timestamp(day: next))"
      forEachRow(from: month, through: next) { row in
        var parts = 1
        if row.category == "Usage", wanted > splittable {
          parts = wanted / splittable + (slot < wanted % splittable ? 1 : 0)
          slot += 1
        }
        for part in 0..<parts {
          buffer += Self.line(row, part: part, of: parts, period: period)
          written += 1
        }
        if buffer.utf8.count > 1 << 20 { flush() }
      }
      flush()
      try file?.close()
      month = next
    }
    return written
  }

  /// Calls `body` with every row whose charge period lies in `[from, through)` (whole months),
  /// in file order.
  private func forEachRow(from: Day, through: Day? = nil, _ body: (Row) -> Void) {
    var month = Self.monthStart(from)
    let last = min(through ?? end, end)
    while month < last {
      let next = min(Self.monthStart(month.adding(days: 32)), end)
      for account in accounts {
        body(
          Row(
            start: Timestamp(day: month), end: Timestamp(day: month.adding(days: 1)),
            category: "Tax", account: account, region: "", meter: "", tokens: 0, price: 0,
            tags: "", principal: ""))
      }
      var monday = month.monday
      while monday < next {
        let start = max(monday, month)
        let stop = min(monday.adding(days: 7), next)
        for (index, caller) in callers.enumerated() {
          let from = max(start, caller.from)
          let until = min(stop, caller.until ?? stop)
          guard from < until else { continue }
          var random = SeededRandom(
            state: seed ^ (UInt64(index) &* 0x9E37_79B9) ^ (UInt64(monday.ordinal) << 40))
          let days = until.ordinal - from.ordinal
          let percent = 70 + random.int(0..<61)
          let session = "\(caller.workload.prefix(12))-\(caller.component)"
          for (tokens, kind, price) in [
            (caller.weeklyInput, "input", 3), (caller.weeklyOutput, "output", 15),
          ] {
            body(
              Row(
                start: Timestamp(day: from), end: Timestamp(day: until), category: "Usage",
                account: caller.account, region: caller.region,
                meter: Self.meter(region: caller.region, model: caller.model, kind: kind),
                tokens: tokens * days * percent / 700, price: price,
                tags: "{\"\"iamPrincipal/finops:workload\"\":\"\"\(caller.workload)\"\","
                  + "\"\"iamPrincipal/finops:component\"\":\"\"\(caller.component)\"\"}",
                principal:
                  "arn:aws:sts::\(caller.account):assumed-role/\(caller.roleName)/\(session)"))
          }
        }
        for account in accounts {
          // Nobody requested these callers: the spend stays unattributed.
          let unrequested = [
            (
              "arn:aws:sts::\(account):assumed-role/ds-notebook-sagemaker/analyst",
              "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 4_000_000
            ),
            ("arn:aws:iam::\(account):user/BedrockAPIKey-7fq2", "amazon.nova-lite-v1:0", 9_000_000),
          ]
          for (principal, model, weekly) in unrequested {
            for (kind, price, share) in [("input", 3, 5), ("output", 15, 1)] {
              body(
                Row(
                  start: Timestamp(day: start), end: Timestamp(day: stop), category: "Usage",
                  account: account, region: "us-east-1",
                  meter: Self.meter(region: "us-east-1", model: model, kind: kind),
                  tokens: weekly * share / 6 * (stop.ordinal - start.ordinal) / 7, price: price,
                  tags: "{\"\"iamPrincipal/team\"\":\"\"data-science\"\"}", principal: principal))
            }
          }
        }
        monday = monday.adding(days: 7)
      }
      month = next
    }
  }

  /// One CSV line: part `part` of `parts` of `row`, its tokens and period split evenly.
  private static func line(_ row: Row, part: Int, of parts: Int, period: String) -> String {
    let length = row.end.seconds - row.start.seconds
    func boundary(_ index: Int) -> Timestamp {
      let hours = length / 3600
      if hours >= Int64(parts) {
        return row.start.adding(seconds: 3600 * (hours * Int64(index) / Int64(parts)))
      }
      return row.start.adding(seconds: length * Int64(index) / Int64(parts))
    }
    let start = boundary(part)
    let end = boundary(part + 1)
    guard row.category == "Usage" else {
      let amount = "6.44"
      return "\(period),\(start),\(end),\(amount),\(amount),\(amount),USD,\(row.category),,AWS,"
        + "Amazon Bedrock,AI and Machine Learning,\(row.account),,,,,,,\n"
    }
    let tokens = row.tokens * (part + 1) / parts - row.tokens * part / parts
    let micros = tokens * row.price
    let fraction = String(micros % 1_000_000)
    let amount =
      "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    return "\(period),\(start),\(end),\(amount),\(amount),\(amount),USD,Usage,,AWS,"
      + "Amazon Bedrock,AI and Machine Learning,\(row.account),\(row.region),\(row.meter),"
      + "\(tokens),Tokens,,\"\(row.tags)\",\(row.principal)\n"
  }

  private static let header =
    "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,"
    + "EffectiveCost,ListCost,BillingCurrency,ChargeCategory,ChargeClass,ProviderName,ServiceName,"
    + "ServiceCategory,SubAccountId,RegionId,SkuMeter,ConsumedQuantity,ConsumedUnit,ResourceId,"
    + "Tags,x_IamPrincipal\n"

  /// The Bedrock usage type of a model's tokens, as AWS bills them: `USE1-Claude4.5Sonnet-input-tokens`.
  static func meter(region: String, model: String, kind: String) -> String {
    let code =
      ["us-east-1": "USE1", "us-west-2": "USW2", "eu-west-1": "EUW1"][region] ?? "USE1"
    let name: String
    switch model {
    case let id where id.contains("claude-sonnet-4-5"): name = "Claude4.5Sonnet"
    case let id where id.contains("claude-haiku-4-5"): name = "Claude4.5Haiku"
    case let id where id.contains("nova-pro"): name = "NovaPro"
    default: name = "NovaLite"
    }
    return "\(code)-\(name)-\(kind)-tokens"
  }

  private static func monthStart(_ day: Day) -> Day {
    let (year, month, _) = day.components
    return Day(year: year, month: month, day: 1) ?? day
  }

  private static func month(_ day: Day) -> String { String(day.description.prefix(7)) }
}
