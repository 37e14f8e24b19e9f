import FinOpsCore
import Foundation
import FinOpsProvisioning

/// What the site derives about one component: its dates, its SLA state, its lead time, its task
/// and handoff. Derived from the record, never stored.
final class ComponentFacts: @unchecked Sendable {
  /// The position among all components (workloads by slug, then components in file order).
  let index: Int
  let workload: Workload
  let component: Component
  let firstSubmitted: Timestamp?
  let lastSubmitted: Timestamp?
  let approvedAt: Timestamp?
  /// The last implementation's time (what the SLA's state is worked out from).
  let implementedAt: Timestamp?
  let liveAt: Timestamp?
  /// The time of the last history entry: what a row's age counts from.
  let lastChange: Timestamp?
  let dueDate: Day?
  let sla: SLAState?
  let leadTimeDays: Double?
  /// The business case's declared annual opportunity (a `Decimal` product and quotient, which
  /// the organisation's totals and the dashboard sum over every component).
  let annualOpportunity: Money

  /// The component's checked approval (what its role, Cloud Engineer task and Developer Handoff
  /// are made from) and the handoff, made when first asked for: only the pages of a workload and
  /// its export record show them, and a build after one edit renders those of that workload
  /// alone. Guarded by `provisioningLock` (one for every component: a lock each cost more to
  /// make than the rest of the facts). Held in an object: each use takes one reference, where
  /// a copy of the context and the handoff took one for each of their strings.
  private var provisioned: Provisioned?
  private static let provisioningLock = NSLock()

  private final class Provisioned: Sendable {
    let context: ProvisioningContext?
    let handoff: DeveloperHandoff?

    init(context: ProvisioningContext?, handoff: DeveloperHandoff?) {
      self.context = context
      self.handoff = handoff
    }
  }

  private var provisioning: Provisioned {
    if let made = Self.provisioningLock.withLock({ provisioned }) { return made }
    // Made outside the lock (two pages asking at once both make the same value).
    let context =
      component.approval == nil
      ? nil : try? ProvisioningContext(workload: workload, component: component)
    let handedOff: Set<Status> = [.readyToClaim, .live, .retired]
    let handoff = handedOff.contains(component.status) ? context.map(DeveloperHandoff.init) : nil
    let made = Provisioned(context: context, handoff: handoff)
    return Self.provisioningLock.withLock {
      let kept = provisioned ?? made
      provisioned = kept
      return kept
    }
  }

  /// The IAM role the Cloud Engineer task creates; nil when there is no task.
  var role: (name: String, arn: String)? { provisioning.context.map { ($0.roleName, $0.roleARN) } }
  /// The Developer Handoff, once the component is ready to claim.
  var handoff: DeveloperHandoff? { provisioning.handoff }

  /// The Cloud Engineer task; nil before approval or when the approval cannot make one. What it
  /// shares with other components' tasks is taken from (or kept in) `shared`.
  func task(_ configuration: Configuration, shared: CloudEngineerTask.Shared) -> CloudEngineerTask?
  {
    provisioning.context.map { CloudEngineerTask($0, configuration: configuration, shared: shared) }
  }

  /// `slug/id`.
  let reference: String

  init(index: Int, workload: Workload, component: Component, sla policy: SLAPolicy, now: Timestamp) {
    self.index = index
    self.workload = workload
    self.component = component
    reference = workload.slug + "/" + component.id
    // One pass over the history, reading each entry's kind and time in place (a copy of an
    // entry is a copy of its strings).
    var firstSubmitted: Timestamp?
    var lastSubmitted: Timestamp?
    var approvedAt: Timestamp?
    var implementedAt: Timestamp?
    var liveAt: Timestamp?
    let history = component.history
    for position in history.indices {
      let at = history[position].at
      switch history[position].transition {
      case .submit:
        if firstSubmitted == nil { firstSubmitted = at }
        lastSubmitted = at
      case .resubmit: lastSubmitted = at
      case .approve: approvedAt = at
      case .implement: implementedAt = at
      case .claim: liveAt = at
      default: break
      }
    }
    self.firstSubmitted = firstSubmitted
    self.lastSubmitted = lastSubmitted
    self.approvedAt = approvedAt
    self.implementedAt = implementedAt
    self.liveAt = liveAt
    lastChange = history.isEmpty ? nil : history[history.count - 1].at
    if let approvedAt, let priority = component.approval?.priority {
      let task = policy.task(
        approvedAt: approvedAt, priority: priority, implementedAt: implementedAt, status: component.status, at: now)
      dueDate = task.due
      sla = task.state
    } else {
      dueDate = nil
      sla = nil
    }
    annualOpportunity = component.request.businessCase.annualOpportunity
    if let firstSubmitted, let liveAt {
      leadTimeDays = policy.calendar.businessDays(from: firstSubmitted, to: liveAt)
    } else {
      leadTimeDays = nil
    }
  }
}
