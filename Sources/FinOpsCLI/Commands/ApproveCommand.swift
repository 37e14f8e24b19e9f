import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops approve`: the FinOps Lead's 4-step review in one command.
struct ApproveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve a submitted request: platform, model, scope, confirmed estimate, priority.",
    discussion: """
      Prints the request's full business context and the honesty disclaimer, prices the confirmed \
      monthly estimate from pricing/catalog.yml for the given token volumes, shows it against the \
      Product Owner's budget, and commits the approval. The approval generates the whole Cloud \
      Engineer task (finops task show). On a terminal, missing values are asked for.
      """
  )

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "bedrock, marketplace, claude-platform or agentcore.") var platform: Platform?
  @Option(help: "The model ID (or inference-profile ID) the application will call.") var model: String?
  @Option(help: "The AWS account: its 12-digit id or its name in finops.yml.") var account: String?
  @Option(help: "The AWS Region.") var region: String?
  @Option(help: "normal (5 business days) or priority (2).") var priority: Priority?
  @Option(help: "Why this platform and model.") var rationale: String?
  @Flag(name: .customLong("acknowledge-business-case"), help: "Acknowledge the declared business case.")
  var acknowledge = false
  @Option(name: .customLong("role-name"), help: "Override the IAM role name finops-{workload}-{id}.")
  var roleName: String?
  @Option(help: "The Claude Platform on AWS workspace to assign (claude-platform only).") var workspace: String?
  @Option(name: .customLong("input-tokens"), help: "Expected input tokens per month.") var inputTokens: Int?
  @Option(name: .customLong("output-tokens"), help: "Expected output tokens per month.") var outputTokens: Int?

  /// `[rule] message`, then each note on a line of its own, as `check` prints them.
  static func diagnostic(_ rule: String, _ message: String, _ notes: [String]) -> String {
    (["[\(rule)] " + message] + notes.map { "  note: " + $0 }).joined(separator: "\n")
  }

  static let disclaimer = """
    Honesty disclaimer: the business case is the Product Owner's declaration. FinOps Center does
    not verify the baseline or the target; acknowledging it records that you read it as declared,
    and the declared opportunity will be shown next to the actual spend from now on.
    """

  func run() throws {
    let context = Context.current
    let space = try Workspace(repository, context: context)
    let (document, target) = try space.resolve(component)
    let configuration = space.configuration
    let currency = configuration.currency
    let out = context.output
    let request = target.request
    let businessCase = request.businessCase
    let reference = "\(document.workload.slug)/\(target.id)"
    guard target.status == .submitted else {
      throw Failure("\(reference) is \(target.status.rawValue); only submitted requests are approved")
    }
    out.line("Business Request: \(document.workload.title) (\(reference))")
    out.line("  Submitted by     \(target.lastSubmission.map { "\($0.by) at \($0.at)" } ?? "?")")
    out.line("  Use case         \(request.useCase.title)\(request.purpose.map { " — \($0.rawValue)" } ?? "")")
    out.line("  Runtime          \(request.runtime.title)")
    out.line("  Team size        \(request.teamSize)")
    out.line("  AI utilization   \(request.utilization)")
    out.line("  PO budget        \(request.monthlyBudget.display(currency)) per month")
    out.line("  Business case    \(businessCase.valueType.title): \(ExactDecimal.format(businessCase.targetPercent, minimumFractionDigits: 0))% of \(businessCase.annualBaseline.display(currency)) a year")
    out.line("  Declared annual opportunity  \(businessCase.annualOpportunity.display(currency))")
    out.line("")
    out.line(Self.disclaimer)
    out.line("")
    let prompter = Prompter(context: context)
    let interactive = context.isInteractive
    func need<T>(_ value: T?, _ flag: String, ask: () throws -> T) throws -> T {
      if let value { return value }
      guard interactive else { throw ValidationError("missing \(flag)") }
      return try ask()
    }
    do {
      let standards = configuration.standards
      // The platforms finops.yml allows for the request's kind of workload, the preferred first.
      let platforms = standards.platforms(for: request.useCase)
      let platform = try need(self.platform, "--platform") {
        guard !platforms.isEmpty else {
          throw Failure(
            "finops.yml's standards allow no platform for \(request.useCase.rawValue) requests")
        }
        let listed = standards.platformsByUseCase[request.useCase] != nil
        return try prompter.choose(
          listed
            ? "Platform (finops.yml's for \(request.useCase.title) requests, the preferred first)"
            : "Platform",
          platforms.map { ($0.rawValue, $0.title, $0) }, default: listed ? 0 : nil)
      }
      if let problem = standards.useCaseProblem(platform, request.useCase) {
        throw Failure(Self.diagnostic("standards.platform", problem.message, problem.notes))
      }
      let model = try need(self.model, "--model") {
        // Only the models the platform calls (no Claude API name for Bedrock).
        let fitting = standards.models.filter {
          ModelPlatformProblem(model: $0, platform: platform, standards: standards) == nil
        }
        guard !fitting.isEmpty else {
          throw Failure("finops.yml's standards have no model that \(platform.rawValue) calls")
        }
        return try prompter.choose("Model", fitting.map { ($0, $0, $0) })
      }
      // As `check` weighs them: a model or Region outside the standards is refused as such when
      // the approval is committed.
      if standards.models.contains(model),
        let problem = ModelPlatformProblem(model: model, platform: platform, standards: standards)
      {
        throw Failure(Self.diagnostic(ModelPlatformProblem.rule, problem.message, problem.notes))
      }
      let accountText = try need(self.account, "--account") {
        try prompter.choose("Account", standards.accounts.map { ($0.id, "\($0.id) (\($0.name))", $0.id) })
      }
      guard let accountID = standards.accounts.first(where: { $0.id == accountText || $0.name == accountText })?.id
        ?? (Identifiers.isAccountID(accountText) ? accountText : nil)
      else {
        throw ValidationError(
          "--account '\(accountText)' is neither a 12-digit id nor an account name in finops.yml"
            + Suggestion.didYouMean(accountText, in: standards.accounts.map(\.name)))
      }
      let region = try need(self.region, "--region") {
        // Only the Regions the chosen model can be called from (a `us.` profile: not eu-west-1).
        let fitting = standards.regions.filter {
          platform.modelKind != .bedrock
            || ProfileRegionProblem(model: model, region: $0, standards: standards)?.severity
              != .error
        }
        guard !fitting.isEmpty else {
          throw Failure("'\(model)' cannot be called from any Region in finops.yml's standards")
        }
        return try prompter.choose("Region", fitting.map { ($0, $0, $0) })
      }
      if platform.modelKind == .bedrock, standards.regions.contains(region),
        let problem = ProfileRegionProblem(model: model, region: region, standards: standards)
      {
        let text = Self.diagnostic(ProfileRegionProblem.rule, problem.message, problem.notes)
        guard problem.severity != .error else { throw Failure(text) }
        out.line("warning: " + text)
      }
      // The workspace is bound to the Region: asked for once the Region is known.
      let workspace =
        platform != .claudePlatform
        ? self.workspace
        : try need(self.workspace, "--workspace (the Claude Platform workspace to assign)") {
          try prompter.ask("Claude Platform workspace ID (wrkspc_…)") { text in
            Identifiers.isWorkspaceID(text)
              ? .success(text)
              : .failure(PromptError("a workspace ID such as wrkspc_01AbCdEf23GhIj"))
          }
        }
      let input = try need(inputTokens, "--input-tokens (monthly volume, to price the confirmed estimate)") {
        try prompter.ask("Expected input tokens per month") { text in
          Int(text.replacingOccurrences(of: ",", with: "")).map { .success($0) } ?? .failure(PromptError("a whole number"))
        }
      }
      let output = try need(outputTokens, "--output-tokens") {
        try prompter.ask("Expected output tokens per month") { text in
          Int(text.replacingOccurrences(of: ",", with: "")).map { .success($0) } ?? .failure(PromptError("a whole number"))
        }
      }
      let catalog = try Pricing.catalog(space)
      guard let monthly = catalog.monthlyEstimate(model: model, region: region, inputTokens: input, outputTokens: output) else {
        throw Failure(
          "pricing/catalog.yml has no price for \(model) in \(region); add one, or import the AWS Price List with finops pricing import")
      }
      let budget = request.monthlyBudget
      out.line("Confirmed estimate for \(input) input and \(output) output tokens a month:")
      out.line("  " + EstimateComparison(estimate: monthly, budget: budget).summary { $0.display(currency) })
      let priority = try need(self.priority, "--priority") {
        try prompter.choose("Priority (sets the Cloud Engineer task SLA)", [
          ("normal", "Normal: \(configuration.sla.normalDays) business days", Priority.normal),
          ("priority", "Priority: \(configuration.sla.priorityDays) business days", .priority),
        ])
      }
      let rationale = try need(self.rationale, "--rationale") {
        try prompter.ask("Rationale") { $0.isEmpty ? .failure(PromptError("say why this platform and model")) : .success($0) }
      }
      var acknowledged = acknowledge
      if !acknowledged && interactive {
        acknowledged = try prompter.confirm("Acknowledge the declared business case?", default: false)
      }
      guard acknowledged else {
        throw Failure("not approved: acknowledge the declared business case (--acknowledge-business-case) after reading the disclaimer above")
      }
      let approval = Approval(
        platform: platform, model: model, account: accountID, region: region, roleName: roleName,
        workspace: workspace, estimate: Estimate(monthly: monthly, inputTokens: input, outputTokens: output),
        businessCaseAcknowledged: true, priority: priority, rationale: rationale)
      let next = try space.perform(.approve(approval), on: document, workload: document.workload, componentID: target.id)
      if let approved = next.component(target.id)?.approvalEntry {
        let due = configuration.sla.dueDate(approvedAt: approved.at, priority: priority)
        out.line("The Cloud Engineer task is ready, due \(due): finops task show \(reference)")
      }
    } catch is Prompter.Cancelled {
      throw Failure("cancelled; nothing was written")
    }
  }
}

/// The price catalog of the repository.
enum Pricing {
  static func catalog(_ space: Workspace) throws -> PriceCatalog {
    let path = PriceCatalogFile.path
    guard FileManager.default.fileExists(atPath: space.repository.absolute(path)) else {
      throw Failure("no \(path): the confirmed estimate is priced from it (see the README's Pricing section)")
    }
    let loaded = PriceCatalogFile.load(space.repository, expectedCurrency: space.configuration.currency)
    guard let catalog = loaded.catalog, !loaded.diagnostics.hasErrors else {
      throw Failure(diagnostics: loaded.diagnostics)
    }
    return catalog
  }
}
