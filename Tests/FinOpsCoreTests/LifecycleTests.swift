import FinOpsCore
import Testing

@Suite("Lifecycle.apply: the rule table as a pure function")
struct LifecycleTests {
  let owner = Samples.configuration.roster.person(Samples.owner)!
  let lead = Samples.configuration.roster.person(Samples.lead)!
  let engineer = Samples.configuration.roster.person(Samples.engineer)!
  let ownerLead = Samples.configuration.roster.person(Samples.ownerLead)!

  var empty: Workload {
    Workload(slug: "claims-assistant", title: "Claims Assistant", owner: Samples.owner, product: "claims-intake", components: [])
  }

  func time(_ minute: Int) -> Timestamp { Samples.time("2026-10-05T09:00:00Z").adding(seconds: Int64(minute * 60)) }

  func apply(_ action: Action, _ workload: Workload, _ person: Person, _ minute: Int) -> Result<Workload, Refusal> {
    Lifecycle.apply(action, toComponent: "k7q2", of: workload, by: person, at: time(minute))
  }

  @Test("the whole path produces the record the validator accepts, one history entry per step")
  func wholePath() throws {
    var workload = empty
    let steps: [(Action, Person)] = [
      (.submit(Samples.request), owner), (.requestChanges(reason: "volumes?"), lead),
      (.resubmit(request: nil), owner), (.approve(Samples.approval), lead),
      (.completeStep(.modelAccess), engineer), (.completeStep(.iamRole), engineer),
      (.completeStep(.permissionPolicy), engineer), (.implement, engineer), (.claim, owner),
      (.retire(reason: "replaced"), owner),
    ]
    for (minute, (action, person)) in steps.enumerated() {
      workload = try apply(action, workload, person, minute).get()
      #expect(workload.components[0].history.count == minute + 1)
      #expect(workload.components[0].status == action.transition.target)
    }
    let validator = WorkloadValidator(configuration: Samples.configuration)
    #expect(validator.validate(workload, map: SourceMap(path: "w.md")).isEmpty)
    #expect(workload.components[0].history.map(\.by) == steps.map(\.1.email))
  }

  @Test("refusals name their rule", arguments: [
    ("a Product Owner cannot approve", "roster.persona"),
    ("the submitter cannot approve", "lifecycle.separation-of-duties"),
    ("no approval without acknowledgement", "lifecycle.acknowledgement"),
    ("no claim before implementation", "lifecycle.transition"),
    ("a reason is required", "schema.missing-field"),
  ])
  func refusals(name: String, rule: String) throws {
    let submitted = try apply(.submit(Samples.request), empty, owner, 0).get()
    var unacknowledged = Samples.approval
    unacknowledged.businessCaseAcknowledged = false
    let selfSubmitted = try apply(
      .submit(Samples.request),
      Workload(slug: "x", title: "X", owner: ownerLead.email, product: "claims-intake", components: []),
      ownerLead, 0
    ).get()
    let result: Result<Workload, Refusal>
    switch name {
    case "a Product Owner cannot approve": result = apply(.approve(Samples.approval), submitted, owner, 1)
    case "the submitter cannot approve": result = apply(.approve(Samples.approval), selfSubmitted, ownerLead, 1)
    case "no approval without acknowledgement": result = apply(.approve(unacknowledged), submitted, lead, 1)
    case "no claim before implementation": result = apply(.claim, submitted, owner, 1)
    default: result = apply(.reject(reason: "  "), submitted, lead, 1)
    }
    guard case .failure(let refusal) = result else {
      Issue.record("\(name) was allowed")
      return
    }
    #expect(refusal.rule == rule, "\(name): \(refusal)")
  }

  @Test("a step is recorded once, and time never runs backwards")
  func stepsAndTime() throws {
    var workload = try apply(.submit(Samples.request), empty, owner, 0).get()
    workload = try apply(.approve(Samples.approval), workload, lead, 1).get()
    workload = try apply(.completeStep(.iamRole), workload, engineer, 2).get()
    #expect(throws: Refusal.self) { try apply(.completeStep(.iamRole), workload, engineer, 3).get() }
    #expect(throws: Refusal.self) { try apply(.completeStep(.modelAccess), workload, engineer, 1).get() }
  }
}
