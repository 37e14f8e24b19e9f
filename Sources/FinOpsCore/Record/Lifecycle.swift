/// What a persona does to a component, with the data that persona owns.
public enum Action: Sendable, Hashable {
  /// Save a new request without submitting it.
  case draft(Request)
  /// Submit a new request or a saved draft.
  case submit(Request)
  /// Submit again after changes were requested, optionally with a revised request.
  case resubmit(request: Request?)
  /// Approve with the FinOps Lead's decision.
  case approve(Approval)
  /// Send back to the Product Owner.
  case requestChanges(reason: String)
  /// Turn down for good.
  case reject(reason: String)
  /// Record one Cloud Engineer step.
  case completeStep(ImplementationStep)
  /// Mark the task implemented: the Developer Handoff becomes ready to claim.
  case implement
  /// The owning Product Owner claims the role: the component goes live.
  case claim
  /// Take a live component out of service.
  case retire(reason: String)

  /// The transition this action takes.
  public var transition: Transition {
    switch self {
    case .draft: .draft
    case .submit: .submit
    case .resubmit: .resubmit
    case .approve: .approve
    case .requestChanges: .requestChanges
    case .reject: .reject
    case .completeStep: .completeStep
    case .implement: .implement
    case .claim: .claim
    case .retire: .retire
    }
  }
}

/// Why a transition was refused: a stable rule id and a sentence saying what to do instead.
public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
  /// The rule, such as `lifecycle.separation-of-duties`.
  public var rule: String
  /// What went wrong and what is allowed.
  public var message: String

  /// Creates a refusal.
  public init(_ rule: String, _ message: String) {
    self.rule = rule
    self.message = message
  }

  /// `[rule] message`.
  public var description: String { "[\(rule)] \(message)" }
}

/// The lifecycle as a pure function: validate an action against the rule table, then apply it.
public enum Lifecycle {
  /// Applies `action` by `person` at `time` to the component `id` of `workload` (absent for a new
  /// request) and returns the workload with the changed component and one more history entry.
  public static func apply(
    _ action: Action, toComponent id: String, of workload: Workload, by person: Person,
    at time: Timestamp
  ) -> Result<Workload, Refusal> {
    let transition = action.transition
    let index = workload.components.firstIndex { $0.id == id }
    let current = index.map { workload.components[$0] }
    guard person.personas.contains(transition.persona) else {
      return .failure(
        Refusal(
          "roster.persona",
          "\(person.name) <\(person.email)> cannot \(transition.rawValue): that takes a \(transition.persona.title), and finops.yml gives them "
            + (person.personas.isEmpty ? "no persona" : person.personas.map(\.title).joined(separator: ", "))))
    }
    guard transition.canFollow(current?.status) else {
      let state = current.map { "it is \($0.status.rawValue)" } ?? "it does not exist"
      let allowed = transition.sources.map { $0?.rawValue ?? "new" }.sorted().joined(separator: " or ")
      return .failure(
        Refusal(
          "lifecycle.transition",
          "cannot \(transition.rawValue) \(workload.slug)/\(id): \(state); \(transition.rawValue) applies to \(allowed)"))
    }
    if let current, let last = current.history.last, time < last.at {
      return .failure(
        Refusal("lifecycle.history", "the time \(time) is earlier than the last transition at \(last.at)"))
    }
    if let refusal = separationOfDuties(transition, current: current, workload: workload, person: person) {
      return .failure(refusal)
    }
    guard var component = current ?? action.newRequest.map({ Component(id: id, status: .draft, request: $0) })
    else { return .failure(Refusal("lifecycle.transition", "\(workload.slug)/\(id) does not exist")) }
    var entry = HistoryEntry(
      at: time, transition: transition, from: current?.status, to: transition.target,
      by: person.email, persona: transition.persona)
    switch action {
    case .draft(let request), .submit(let request):
      component.request = request
    case .resubmit(let request):
      if let request { component.request = request }
    case .approve(let approval):
      guard approval.businessCaseAcknowledged else {
        return .failure(
          Refusal(
            "lifecycle.acknowledgement",
            "acknowledge the declared business case (--acknowledge-business-case) before approving"))
      }
      component.approval = approval
    case .requestChanges(let reason), .reject(let reason), .retire(let reason):
      guard !reason.trimmingWhitespace.isEmpty else {
        return .failure(Refusal("schema.missing-field", "\(transition.rawValue) needs a reason"))
      }
      entry.reason = reason
    case .completeStep(let step):
      var implementation = component.implementation ?? Implementation()
      if let done = implementation.steps[step] {
        return .failure(
          Refusal("lifecycle.transition", "step '\(step.rawValue)' was already completed by \(done.by) at \(done.at)"))
      }
      implementation.steps[step] = Signature(by: person.email, at: time)
      component.implementation = implementation
      entry.step = step
    case .implement:
      let missing = ImplementationStep.allCases.filter { component.implementation?.steps[$0] == nil }
      guard missing.isEmpty else {
        return .failure(
          Refusal(
            "lifecycle.transition",
            "complete every step before implementing; still open: "
              + missing.map(\.rawValue).joined(separator: ", ")))
      }
    case .claim:
      component.claim = Signature(by: person.email, at: time)
    }
    component.status = transition.target
    component.history.append(entry)
    var result = workload
    if let index {
      result.components[index] = component
    } else {
      result.components.append(component)
    }
    return .success(result)
  }

  /// The submitter never approves their own request; the approver does not implement it; only
  /// the owner claims or retires.
  static func separationOfDuties(
    _ transition: Transition, current: Component?, workload: Workload, person: Person
  ) -> Refusal? {
    let email = person.email
    switch transition {
    case .approve, .requestChanges, .reject:
      if let submitter = current?.lastSubmission?.by, submitter.equalsLowercased(email) {
        return Refusal(
          "lifecycle.separation-of-duties",
          "\(person.email) submitted this request and cannot also \(transition.rawValue) it; another FinOps Lead must")
      }
    case .completeStep, .implement:
      if let approver = current?.approvalEntry?.by, approver.equalsLowercased(email) {
        return Refusal(
          "lifecycle.separation-of-duties",
          "\(person.email) approved this request and cannot also implement it; another Cloud Engineer must")
      }
    case .claim, .retire:
      if !workload.owner.equalsLowercased(email) {
        return Refusal(
          "lifecycle.owner",
          "only the workload owner \(workload.owner) may \(transition.rawValue) it")
      }
    case .draft, .submit, .resubmit:
      break
    }
    return nil
  }
}

extension Action {
  /// The request a new component starts from, for the actions that create one.
  var newRequest: Request? {
    switch self {
    case .draft(let request), .submit(let request): request
    default: nil
    }
  }
}

extension String {
  var trimmingWhitespace: Substring {
    let start = firstIndex { !$0.isWhitespace } ?? endIndex
    let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
    return self[start..<end]
  }
}
