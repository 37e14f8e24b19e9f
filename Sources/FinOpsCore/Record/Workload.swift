import Foundation

/// The budget owner's unit: one file under `workloads/`, holding one or more AI components.
public struct Workload: Sendable, Hashable {
  /// The file name without `.md`; names the workload everywhere.
  public var slug: String
  /// The human name.
  public var title: String
  /// The owning Product Owner's email.
  public var owner: String
  /// The E4 unit the workload sits in.
  public var product: String
  /// The governed requests, in the order they were added.
  public var components: [Component]

  /// Creates a workload.
  public init(slug: String, title: String, owner: String, product: String, components: [Component])
  {
    self.slug = slug
    self.title = title
    self.owner = owner
    self.product = product
    self.components = components
  }

  /// The sum of the components' monthly budget estimates.
  public var monthlyBudget: Money {
    components.reduce(Money.zero) { $0 + $1.request.monthlyBudget }
  }

  /// The component with this id.
  public func component(_ id: String) -> Component? { components.first { $0.id == id } }
}

/// One governed request with its own lifecycle, owned section by section by the personas.
public struct Component: Sendable, Hashable {
  /// The 4-character id, unique in the repository.
  public var id: String
  /// Where the component is in the lifecycle.
  public var status: Status
  /// The Product Owner's Business Request.
  public var request: Request
  /// The FinOps Lead's decision.
  public var approval: Approval?
  /// The Cloud Engineer's progress.
  public var implementation: Implementation?
  /// The Product Owner's claim.
  public var claim: Signature?
  /// One entry per transition, oldest first.
  public var history: [HistoryEntry]

  /// Creates a component.
  public init(
    id: String, status: Status, request: Request, approval: Approval? = nil,
    implementation: Implementation? = nil, claim: Signature? = nil, history: [HistoryEntry] = []
  ) {
    self.id = id
    self.status = status
    self.request = request
    self.approval = approval
    self.implementation = implementation
    self.claim = claim
    self.history = history
  }

  /// The latest submission (submit or resubmit) entry: who submitted and when.
  public var lastSubmission: HistoryEntry? {
    history.last { $0.transition == .submit || $0.transition == .resubmit }
  }

  /// The approval entry.
  public var approvalEntry: HistoryEntry? { history.last { $0.transition == .approve } }
}

/// The Product Owner's Business Request: the workload, not the infrastructure.
public struct Request: Sendable, Hashable {
  /// Infrastructure, Coding AI or Operations AI.
  public var useCase: UseCase
  /// The purpose within the use case; nil for Infrastructure.
  public var purpose: Purpose?
  /// Where the application runs.
  public var runtime: Runtime
  /// People who will use or build on it.
  public var teamSize: Int
  /// Expected AI utilization, in the Product Owner's words.
  public var utilization: String
  /// The Product Owner's monthly budget estimate.
  public var monthlyBudget: Money
  /// The declared business case.
  public var businessCase: BusinessCase

  /// Creates a request.
  public init(
    useCase: UseCase, purpose: Purpose?, runtime: Runtime, teamSize: Int, utilization: String,
    monthlyBudget: Money, businessCase: BusinessCase
  ) {
    self.useCase = useCase
    self.purpose = purpose
    self.runtime = runtime
    self.teamSize = teamSize
    self.utilization = utilization
    self.monthlyBudget = monthlyBudget
    self.businessCase = businessCase
  }
}

/// The declared business case: a value type, an annual baseline and a target percentage.
public struct BusinessCase: Sendable, Hashable {
  /// Cost saving or revenue driving.
  public var valueType: ValueType
  /// The current annual amount the target applies to.
  public var annualBaseline: Money
  /// The targeted change, in percent.
  public var targetPercent: Decimal

  /// Creates a business case.
  public init(valueType: ValueType, annualBaseline: Money, targetPercent: Decimal) {
    self.valueType = valueType
    self.annualBaseline = annualBaseline
    self.targetPercent = targetPercent
  }

  /// The declared annual opportunity: baseline × target percent, to the cent.
  public var annualOpportunity: Money {
    if let exact = ExactDecimal.roundedRatio(
      annualBaseline.value, times: targetPercent, over: 100, scale: 2)
    {
      return Money(exact)
    }
    // × 0.01 rather than ÷ 100: the same exact result, and decimal division is far slower.
    return (annualBaseline * (targetPercent * Decimal(sign: .plus, exponent: -2, significand: 1)))
      .rounded(scale: 2)
  }
}

/// The FinOps Lead's decision: platform, model, scope, estimate, priority and rationale.
public struct Approval: Sendable, Hashable {
  /// The platform the model runs on.
  public var platform: Platform
  /// The model ID the application passes.
  public var model: String
  /// The 12-digit AWS account.
  public var account: String
  /// The AWS Region.
  public var region: String
  /// The IAM role name, when the default is overridden.
  public var roleName: String?
  /// The Claude Platform on AWS workspace.
  public var workspace: String?
  /// The confirmed estimate.
  public var estimate: Estimate
  /// Whether the declared business case was acknowledged.
  public var businessCaseAcknowledged: Bool
  /// The Cloud Engineer task's priority.
  public var priority: Priority
  /// Why this platform and model.
  public var rationale: String

  /// Creates an approval.
  public init(
    platform: Platform, model: String, account: String, region: String, roleName: String? = nil,
    workspace: String? = nil, estimate: Estimate, businessCaseAcknowledged: Bool,
    priority: Priority, rationale: String
  ) {
    self.platform = platform
    self.model = model
    self.account = account
    self.region = region
    self.roleName = roleName
    self.workspace = workspace
    self.estimate = estimate
    self.businessCaseAcknowledged = businessCaseAcknowledged
    self.priority = priority
    self.rationale = rationale
  }
}

/// The FinOps Lead's confirmed monthly estimate and the token volumes it was priced for.
public struct Estimate: Sendable, Hashable {
  /// The confirmed monthly cost.
  public var monthly: Money
  /// Input tokens per month.
  public var inputTokens: Int
  /// Output tokens per month.
  public var outputTokens: Int

  /// Creates an estimate.
  public init(monthly: Money, inputTokens: Int, outputTokens: Int) {
    self.monthly = monthly
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
  }
}

/// Who did something and when.
public struct Signature: Sendable, Hashable {
  /// The person's email.
  public var by: String
  /// When.
  public var at: Timestamp

  /// Creates a signature.
  public init(by: String, at: Timestamp) {
    self.by = by
    self.at = at
  }
}

/// The Cloud Engineer's progress through the three recorded steps.
public struct Implementation: Sendable, Hashable {
  /// Who completed each step and when.
  public var steps: [ImplementationStep: Signature]

  /// Creates progress from completed steps.
  public init(steps: [ImplementationStep: Signature] = [:]) { self.steps = steps }

  /// Whether all three steps are done.
  public var isComplete: Bool { ImplementationStep.allCases.allSatisfy { steps[$0] != nil } }
}

/// One transition in a component's life.
public struct HistoryEntry: Sendable, Hashable {
  /// When it happened.
  public var at: Timestamp
  /// What happened.
  public var transition: Transition
  /// The status before; nil when the transition created the component.
  public var from: Status?
  /// The status after.
  public var to: Status
  /// Who acted.
  public var by: String
  /// In which persona.
  public var persona: Persona
  /// The step, for `complete-step`.
  public var step: ImplementationStep?
  /// The reason, for `request-changes`, `reject` and `retire`.
  public var reason: String?

  /// Creates an entry.
  public init(
    at: Timestamp, transition: Transition, from: Status?, to: Status, by: String,
    persona: Persona, step: ImplementationStep? = nil, reason: String? = nil
  ) {
    self.at = at
    self.transition = transition
    self.from = from
    self.to = to
    self.by = by
    self.persona = persona
    self.step = step
    self.reason = reason
  }
}
