import FinOpsCore
import FinOpsProvisioning

/// What the site derives about one component: its dates, its SLA state, its lead time, its task
/// and handoff. Derived from the record, never stored.
final class ComponentFacts: Sendable {
  /// The position among all components (workloads by slug, then components in file order).
  let index: Int
  let workload: Workload
  let component: Component
  let firstSubmitted: Timestamp?
  let lastSubmitted: Timestamp?
  let approvedAt: Timestamp?
  let liveAt: Timestamp?
  let dueDate: Day?
  let sla: SLAState?
  let leadTimeDays: Double?
  /// The business case's declared annual opportunity (a `Decimal` product and quotient, which
  /// the organisation's totals and the dashboard sum over every component).
  let annualOpportunity: Money
  /// The IAM role the Cloud Engineer task creates and the Developer Handoff, made when first
  /// asked for: only the pages of a workload and its export record show them, and a build after
  /// one edit renders those of that workload alone.
  private let provisioning: MadeOnce<(role: (name: String, arn: String)?, handoff: DeveloperHandoff?)>

  /// The IAM role the Cloud Engineer task creates; nil when there is no task.
  var role: (name: String, arn: String)? { provisioning.value.role }
  /// The Developer Handoff, once the component is ready to claim.
  var handoff: DeveloperHandoff? { provisioning.value.handoff }

  /// The Cloud Engineer task; nil before approval or when the approval cannot make one.
  func task(_ configuration: Configuration) -> CloudEngineerTask? {
    role == nil ? nil : try? CloudEngineerTask(workload: workload, component: component, configuration: configuration)
  }

  /// `slug/id`.
  let reference: String

  init(index: Int, workload: Workload, component: Component, sla policy: SLAPolicy, now: Timestamp) {
    self.index = index
    self.workload = workload
    self.component = component
    reference = "\(workload.slug)/\(component.id)"
    let history = component.history
    firstSubmitted = history.first { $0.transition == .submit }?.at
    lastSubmitted = component.lastSubmission?.at
    approvedAt = component.approvalEntry?.at
    liveAt = history.last { $0.transition == .claim }?.at
    let slaTask = policy.task(of: component, at: now)
    dueDate = slaTask?.due
    sla = slaTask?.state
    annualOpportunity = component.request.businessCase.annualOpportunity
    let calendar = policy.calendar
    if let firstSubmitted, let liveAt {
      leadTimeDays = calendar.businessDays(from: firstSubmitted, to: liveAt)
    } else {
      leadTimeDays = nil
    }
    // The task itself (policies, commands) is written when its page is, not kept for the
    // whole build.
    provisioning = MadeOnce {
      let role = component.approval == nil ? nil : try? CloudEngineerTask.role(workload: workload, component: component)
      let handedOff: Set<Status> = [.readyToClaim, .live, .retired]
      let handoff =
        handedOff.contains(component.status) ? try? DeveloperHandoff(workload: workload, component: component) : nil
      return (role, handoff)
    }
  }
}
