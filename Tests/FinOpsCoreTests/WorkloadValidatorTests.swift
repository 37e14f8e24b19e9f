@testable import FinOpsCore
import Testing

@Suite("Semantic rules over a decoded workload")
struct WorkloadValidatorTests {
  let validator = WorkloadValidator(configuration: Samples.configuration)

  func rules(_ workload: Workload) -> [String] {
    validator.validate(workload, map: SourceMap(path: "workloads/x.md")).map(\.rule)
  }

  @Test("a consistent live workload has no problems")
  func valid() {
    #expect(validator.validate(Samples.workload, map: SourceMap(path: "w.md")).isEmpty)
  }

  @Test(
    "a cross-Region profile is refused in another geography's Region, warned of in an untabled one")
  func profileRegion() throws {
    let us = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    let eu = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
    let global = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"
    var configuration = Samples.configuration
    configuration.standards.regions += ["eu-west-1", "ca-central-1", "ap-southeast-1"]
    configuration.standards.models += [
      eu, global, "amazon.nova-pro-v1:0", "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]
    let validator = WorkloadValidator(configuration: configuration)
    func problems(_ model: String, _ region: String) -> [Diagnostic] {
      var workload = Samples.workload
      workload.components[0].approval?.model = model
      workload.components[0].approval?.region = region
      return validator.validate(workload, map: SourceMap(path: "w.md")).filter {
        $0.rule == "standards.model-region"
      }
    }
    let wrong = try #require(problems(us, "eu-west-1").first)
    #expect(problems(us, "eu-west-1").count == 1)
    #expect(wrong.severity == .error)
    #expect(wrong.message.contains("not offered in eu-west-1 (a Region of the eu geography)"))
    #expect(wrong.notes.contains("a profile offered in eu-west-1: '\(eu)', '\(global)'"))
    #expect(
      wrong.notes.contains("a Region of the us geography in finops.yml: us-east-1, us-west-2"))
    // Tokyo is tabled for jp and apac alike; Singapore for apac alone.
    #expect(
      problems("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-southeast-1").map(\.severity)
        == [.error])
    // A Region no geography tables may have been added since: a warning, with the command to ask.
    let untabled = try #require(problems(us, "ca-central-1").first)
    #expect(untabled.severity == .warning)
    #expect(
      untabled.notes.contains {
        $0.hasPrefix(
          "aws bedrock get-inference-profile --inference-profile-identifier \(us) "
            + "--region ca-central-1"
        )
      })
    #expect(untabled.notes.contains("a profile offered in ca-central-1: '\(global)'"))
    for (model, region) in [
      (us, "us-west-2"), (eu, "eu-west-1"), (global, "eu-west-1"), (global, "ca-central-1"),
      ("amazon.nova-pro-v1:0", "eu-west-1"),
    ] {
      #expect(problems(model, region).isEmpty, "\(model) in \(region)")
    }
    // A Region outside the standards is that rule's error alone.
    #expect(problems(us, "eu-central-1").isEmpty)
  }

  @Test("a model its platform does not call, and a workspace that is no ID, are refused")
  func modelPlatform() throws {
    let claude = "claude-sonnet-4-5"
    let bedrock = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    var configuration = Samples.configuration
    configuration.standards.platforms = Platform.allCases
    configuration.standards.models += [claude]
    let validator = WorkloadValidator(configuration: configuration)
    func problems(_ platform: Platform, _ model: String, workspace: String? = nil) -> [Diagnostic] {
      var workload = Samples.workload
      workload.components[0].approval?.platform = platform
      workload.components[0].approval?.model = model
      workload.components[0].approval?.workspace =
        workspace ?? (platform == .claudePlatform ? "wrkspc_01AbCdEf23GhIj" : nil)
      return validator.validate(workload, map: SourceMap(path: "w.md"))
    }
    for platform in [Platform.bedrock, .marketplace, .agentcore] {
      let found = problems(platform, claude)
      #expect(found.map(\.rule) == ["standards.model-platform"], "\(platform)")
      #expect(
        found.first?.message
          == "model 'claude-sonnet-4-5' is a Claude API model name, and platform "
          + "'\(platform.rawValue)' calls Bedrock model or inference-profile IDs such as "
          + "anthropic.claude-sonnet-4-5-20250929-v1:0: the approval would make no Cloud "
          + "Engineer task"
      )
      #expect(found.first?.notes == ["models in finops.yml for \(platform.rawValue): \(bedrock)"])
      #expect(problems(platform, bedrock).isEmpty, "\(platform)")
    }
    let onClaude = problems(.claudePlatform, bedrock)
    #expect(onClaude.map(\.rule) == ["standards.model-platform"])
    #expect(onClaude.first?.notes == ["models in finops.yml for claude-platform: \(claude)"])
    #expect(problems(.claudePlatform, claude).isEmpty)
    #expect(
      problems(.claudePlatform, claude, workspace: "my workspace").map(\.rule) == ["schema.format"])
  }

  @Test(
    "an approval on a platform finops.yml does not list for the request's kind of workload is refused"
  )
  func platformsByUseCase() throws {
    var configuration = Samples.configuration
    let useCase = Samples.workload.components[0].request.useCase
    let platform = try #require(Samples.workload.components[0].approval?.platform)
    let other = try #require(configuration.standards.platforms.first { $0 != platform })
    configuration.standards.platformsByUseCase = [useCase: [other]]
    let found = WorkloadValidator(configuration: configuration)
      .validate(Samples.workload, map: SourceMap(path: "w.md"))
    #expect(found.map(\.rule) == ["standards.platform"])
    #expect(found.first?.notes == ["allowed for \(useCase.rawValue): \(other.rawValue)"])
    // Listed, or a kind of workload the standards do not list: allowed.
    configuration.standards.platformsByUseCase = [useCase: [other, platform]]
    #expect(
      WorkloadValidator(configuration: configuration).validate(
        Samples.workload, map: SourceMap(path: "w.md")
      ).isEmpty)
    configuration.standards.platformsByUseCase = [
      useCase == .codingAI ? .infrastructure : .codingAI: [other]
    ]
    #expect(
      WorkloadValidator(configuration: configuration).validate(
        Samples.workload, map: SourceMap(path: "w.md")
      ).isEmpty)
  }

  /// One mutation per rule, each expected to produce exactly that rule.
  static let cases: [(String, String, @Sendable (inout Workload) -> Void)] = [
    ("bad slug", "workload.slug", { $0.slug = "Claims_Assistant" }),
    ("owner off roster", "roster.unknown-person", { $0.owner = "nobody@example.com" }),
    ("owner not a product owner", "roster.persona", { $0.owner = Samples.lead }),
    ("unknown product", "org.unknown-product", { $0.product = "claims-intak" }),
    ("product is not E4", "org.unknown-product", { $0.product = "claims" }),
    ("region outside standards", "standards.region", { $0.components[0].approval?.region = "eu-west-9" }),
    ("model outside standards", "standards.model", { $0.components[0].approval?.model = "amazon.nova-pro-v1:0" }),
    ("account outside standards", "standards.account", { $0.components[0].approval?.account = "999999999999" }),
    ("platform outside standards", "standards.platform", { $0.components[0].approval?.platform = .agentcore }),
    ("invalid role name", "schema.format", { $0.components[0].approval?.roleName = "has space" }),
    ("claude platform without workspace", "schema.missing-field", {
      $0.components[0].approval?.platform = .claudePlatform
    }),
    ("workspace on bedrock", "schema.unknown-field", { $0.components[0].approval?.workspace = "wrkspc_1" }),
    ("business case not acknowledged", "lifecycle.acknowledgement", {
      $0.components[0].approval?.businessCaseAcknowledged = false
    }),
    ("purpose that does not fit", "schema.enum", { $0.components[0].request.purpose = .developerProductivity }),
    ("operations AI without purpose", "schema.missing-field", { $0.components[0].request.purpose = nil }),
    ("target percent over 100", "schema.format", {
      $0.components[0].request.businessCase.targetPercent = 150
    }),
    ("live without claim", "lifecycle.missing-section", { $0.components[0].claim = nil }),
    ("status disagrees with history", "lifecycle.history", { $0.components[0].status = .retired }),
    ("self-approval", "lifecycle.separation-of-duties", {
      $0.components[0].history[1].by = Samples.leadEngineer
      $0.components[0].history[0].by = Samples.leadEngineer
      $0.owner = Samples.leadEngineer
    }),
    ("implementer is the approver", "lifecycle.separation-of-duties", {
      $0.components[0].history[1].by = Samples.leadEngineer
      $0.components[0].history[5].by = Samples.leadEngineer
    }),
    ("claim by someone else", "lifecycle.owner", {
      $0.components[0].history[6].by = "omar@example.com"
      $0.components[0].claim?.by = "omar@example.com"
    }),
    ("skipped state", "lifecycle.history", { $0.components[0].history.remove(at: 1) }),
    ("history out of order", "lifecycle.history", {
      $0.components[0].history[1].at = Samples.time("2026-09-01T00:00:00Z")
    }),
    ("wrong persona in history", "roster.persona", { $0.components[0].history[1].persona = .cloudEngineer }),
    ("claim section disagrees with history", "lifecycle.history", {
      $0.components[0].claim?.at = Samples.time("2026-10-03T00:00:00Z")
    }),
    ("reject without reason", "schema.missing-field", {
      $0.components[0].history = Array($0.components[0].history.prefix(1)) + [
        HistoryEntry(
          at: Samples.time("2026-10-01T00:00:00Z"), transition: .reject, from: .submitted,
          to: .rejected, by: Samples.lead, persona: .finopsLead)
      ]
      $0.components[0].status = .rejected
      $0.components[0].approval = nil
      $0.components[0].implementation = nil
      $0.components[0].claim = nil
    }),
    ("approval before approval", "lifecycle.unexpected-section", {
      $0.components[0].history = Array($0.components[0].history.prefix(1))
      $0.components[0].status = .submitted
      $0.components[0].implementation = nil
      $0.components[0].claim = nil
    }),
  ]

  @Test("each broken rule is reported by its rule id", arguments: cases.indices)
  func brokenRule(index: Int) {
    let (name, rule, mutate) = Self.cases[index]
    var workload = Samples.workload
    mutate(&workload)
    let found = rules(workload)
    #expect(found.contains(rule), "\(name): expected \(rule), got \(found)")
  }

  @Test("a component id used twice is reported where it repeats")
  func duplicateIDs() {
    let first = (Samples.workload, SourceMap(path: "workloads/a.md"))
    var copy = Samples.workload
    copy.slug = "b"
    let diagnostics = WorkloadValidator.duplicateIDs([(copy, SourceMap(path: "workloads/b.md")), first])
    #expect(diagnostics.map(\.rule) == ["workload.duplicate-id"])
    #expect(diagnostics.first?.location.path == "workloads/b.md")
  }

  @Test("the workload budget is the sum of its components' budgets")
  func budget() {
    var workload = Samples.workload
    var second = Samples.liveComponent
    second.id = "m3x9"
    second.request.monthlyBudget = Money(300)
    workload.components.append(second)
    #expect(workload.monthlyBudget == Money(1500))
  }

  @Test("a workload's folder is read as its path split at slashes, whatever the path")
  func folders() {
    let paths = [
      "workloads/claims/a.md", "workloads/claims", "workloads/claims/a/b.md", "a.md", "", "/",
      "//workloads//claims//a.md", "workloads/claims/a.md/", "/workloads/claims/a.md",
      "workloads/clâims/a.md", "workloads/claims/é.md", "workloads/Claims/a.md", "w/claims/x",
      "workloads/\u{212A}/a.md", "workloads/K/a.md", "workloads/claims\u{301}/a.md",
    ]
    for path in paths {
      for folder in ["claims", "K", "\u{212A}", "clâims", "", "a"] {
        let parts = path.split(separator: "/")
        #expect(
          WorkloadValidator.isInFolder(path, folder) == (parts.count == 3 && parts[1] == folder),
          "\(path) in \(folder)")
      }
    }
  }

  @Test("a file name used in two folders is reported at the later path, whatever the order given")
  func duplicateSlugs() {
    let paths = ["workloads/b/x.md", "workloads/a/x.md", "workloads/y.md", "workloads/c/y.md/", "workloads/z.md"]
    let expected = [
      "workloads/b/x.md:1:1: error: [workload.duplicate-slug] x.md is also workloads/a/x.md; a workload's file name is its slug and must be unique",
      "workloads/y.md:1:1: error: [workload.duplicate-slug] y.md is also workloads/c/y.md/; a workload's file name is its slug and must be unique",
    ]
    #expect(WorkloadValidator.duplicateSlugs(paths).map(\.description) == expected)
    #expect(WorkloadValidator.duplicateSlugs(paths.sorted()).map(\.description) == expected)
    #expect(WorkloadValidator.duplicateSlugs(["x.md", "", "x.md"]).count == 1)
    // Names are compared as text (a composed and a decomposed accent are one name), and a slash
    // that an accent joins is no separator.
    #expect(WorkloadValidator.duplicateSlugs(["workloads/a/caf\u{E9}.md", "workloads/b/cafe\u{301}.md"]).count == 1)
    let joined = WorkloadValidator.duplicateSlugs(["workloads/p/q/\u{301}z.md", "workloads/q/\u{301}z.md"])
    #expect(joined.map(\.description.first) == ["w"] && joined.first?.description.contains("q/\u{301}z.md is also") == true)
  }
}
