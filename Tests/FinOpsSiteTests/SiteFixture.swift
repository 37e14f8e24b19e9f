import FinOpsCore
import FinOpsSite
import FinOpsSpend
import Foundation

/// A small repository built in code, and the shipped templates read from `templates/`.
enum SiteFixture {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static var templates: Templates {
    let folder = root.appendingPathComponent("templates")
    var sources: [String: String] = [:]
    var assets: [String: String] = [:]
    let manager = FileManager.default
    for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".mustache") {
      sources[String(name.dropLast(9))] = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
    for name in (try? manager.contentsOfDirectory(atPath: folder.appendingPathComponent("assets").path)) ?? [] {
      assets[name] = try? String(contentsOf: folder.appendingPathComponent("assets/" + name), encoding: .utf8)
    }
    return Templates(sources: sources, assets: assets)
  }

  static func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

  static let owner = "priya@example.com"
  static let lead = "dana@example.com"
  static let engineer = "sam@example.com"

  static let configuration = Configuration(
    site: SiteSettings(title: "Test FinOps Center"), currency: "USD",
    roster: Roster([
      Person(email: owner, name: "Priya Shah", personas: [.productOwner]),
      Person(email: lead, name: "Dana Whitfield", personas: [.finopsLead]),
      Person(email: engineer, name: "Sam Okafor", personas: [.cloudEngineer]),
    ]),
    organization: Organization(units: [
      OrgUnit(id: "insurance", name: "Insurance", units: [
        OrgUnit(id: "claims", name: "Claims", units: [
          OrgUnit(id: "claims-digital", name: "Claims Digital", units: [
            OrgUnit(id: "claims-intake", name: "Claims Intake")
          ])
        ])
      ])
    ]),
    standards: Standards(
      platforms: [.bedrock], accounts: [Account(id: "111122223333", name: "ai-prod")],
      regions: ["us-east-1"], models: ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"]),
    sla: SLAPolicy())

  static func request(_ text: String = "2,000 claim notes a day") -> Request {
    Request(
      useCase: .operationsAI, purpose: .customerSupport, runtime: .lambda, teamSize: 6,
      utilization: text, monthlyBudget: Money(1200),
      businessCase: BusinessCase(valueType: .costSaving, annualBaseline: Money(480_000), targetPercent: 15))
  }

  static let approval = Approval(
    platform: .bedrock, model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", account: "111122223333",
    region: "us-east-1",
    estimate: Estimate(monthly: Money(parsing: "1247.40")!, inputTokens: 180_000_000, outputTokens: 39_600_000),
    businessCaseAcknowledged: true, priority: .normal, rationale: "Sonnet meets the accuracy bar.")

  /// Runs actions through the lifecycle, one minute apart from `start`.
  static func workload(
    _ slug: String, title: String, id: String, start: String, steps: [(Action, String)],
    request: Request = SiteFixture.request()
  ) -> Workload {
    var workload = Workload(slug: slug, title: title, owner: owner, product: "claims-intake", components: [])
    var time = Self.time(start)
    for (action, email) in steps {
      let person = configuration.roster.person(email)!
      workload = (try? Lifecycle.apply(action, toComponent: id, of: workload, by: person, at: time).get()) ?? workload
      time = time.adding(seconds: 3_600)
    }
    return workload
  }

  /// A small FOCUS export: weekly spend from the live component's role, and a caller with no
  /// request.
  static let focus: String = {
    var text = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ServiceName,SubAccountId,RegionId,SkuMeter,ConsumedQuantity,ResourceId,Tags,x_IamPrincipal\n"
    let weeks = ["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    for (index, week) in weeks.enumerated() {
      let cost = ["250.00", "281.40", "301.75", "266.10", "310.00", "245.55", "120.20"][index]
      text += "\(week)T00:00:00Z,\(week)T23:59:59Z,\(cost),\(cost),USD,Usage,Amazon Bedrock,111122223333,us-east-1,USE1-Claude4.5Sonnet-input-tokens,1000000,,,arn:aws:sts::111122223333:assumed-role/finops-claims-assistant-k7q2/lambda\n"
    }
    // The claim's own week (claimed Monday 2026-10-05): before the first card.
    text +=
      "2026-10-06T00:00:00Z,2026-10-06T23:59:59Z,37.50,37.50,USD,Usage,Amazon Bedrock,111122223333,us-east-1,USE1-Claude4.5Sonnet-input-tokens,150000,,,arn:aws:sts::111122223333:assumed-role/finops-claims-assistant-k7q2/lambda\n"
    text +=
      "2026-11-17T00:00:00Z,2026-11-17T23:59:59Z,42.00,42.00,USD,Usage,Amazon Bedrock,111122223333,us-east-1,USE1-NovaLite-input-tokens,5000000,,,arn:aws:sts::111122223333:assumed-role/notebook/ds\n"
    return text
  }()

  static func spend(for workloads: [Workload], through: Day) -> SpendReport {
    let parsed = SpendExportReader.parse(path: "spend/2026-11.csv", bytes: Array(focus.utf8))
    return SpendReport.make(
      ledger: Attribution.attribute(records: parsed.records, workloads: workloads, configuration: configuration),
      configuration: configuration, through: through)
  }

  static var input: SiteInput {
    let live = workload(
      "claims-assistant", title: "Claims Assistant", id: "k7q2", start: "2026-10-05T09:00:00Z",
      steps: [
        (.submit(request()), owner), (.approve(approval), lead), (.completeStep(.modelAccess), engineer),
        (.completeStep(.iamRole), engineer), (.completeStep(.permissionPolicy), engineer),
        (.implement, engineer), (.claim, owner),
      ])
    let submitted = workload(
      "policy-helper", title: "Policy Helper", id: "m3x9", start: "2026-11-20T09:00:00Z",
      steps: [(.submit(request("Answers policy questions")), owner)])
    let approved = workload(
      "fraud-triage", title: "Fraud Triage", id: "p4wd", start: "2026-11-16T09:00:00Z",
      steps: [(.submit(request()), owner), (.approve(approval), lead), (.completeStep(.modelAccess), engineer)])
    let ready = workload(
      "renewal-letters", title: "Renewal Letters", id: "r8tn", start: "2026-11-24T09:00:00Z",
      steps: [
        (.submit(request()), owner), (.approve(approval), lead), (.completeStep(.modelAccess), engineer),
        (.completeStep(.iamRole), engineer), (.completeStep(.permissionPolicy), engineer), (.implement, engineer),
      ])
    let returned = workload(
      "quote-explainer", title: "Quote Explainer", id: "q5ex", start: "2026-11-23T09:00:00Z",
      steps: [(.submit(request()), owner), (.requestChanges(reason: "Add token volumes"), lead)])
    let draft = workload(
      "catalog-enrichment", title: "Catalog Enrichment", id: "d6ft", start: "2026-11-25T09:00:00Z",
      steps: [(.draft(request()), owner)])
    let due = workload(
      "claims-intake-bot", title: "Claims Intake Bot", id: "c2bt", start: "2026-11-20T09:00:00Z",
      steps: [(.submit(request()), owner), (.approve(approval), lead)])
    return SiteInput(
      configuration: configuration,
      workloads: [
        SiteWorkload(workload: ready, body: "Renewal letters.\n", path: "workloads/renewal-letters.md"),
        SiteWorkload(workload: returned, body: "Explains quotes.\n", path: "workloads/quote-explainer.md"),
        SiteWorkload(workload: draft, body: "Enriches the catalog.\n", path: "workloads/catalog-enrichment.md"),
        SiteWorkload(workload: due, body: "Intake bot.\n", path: "workloads/claims-intake-bot.md"),
        SiteWorkload(workload: live, body: "Summaries for **intake** agents.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", path: "workloads/claims-assistant.md"),
        SiteWorkload(workload: submitted, body: "- [x] scoped\n- [ ] priced\n", path: "workloads/policy-helper.md"),
        SiteWorkload(workload: approved, body: "Alerts ~~by hand~~ triaged.\n", path: "workloads/fraud-triage.md"),
      ],
      templates: templates, now: time("2026-11-26T12:00:00Z"),
      spend: spend(for: [live, submitted, approved, ready, returned, draft, due], through: time("2026-11-26T12:00:00Z").day))
  }
}
