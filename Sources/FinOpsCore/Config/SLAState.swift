/// Where a Cloud Engineer task stands against its SLA.
public enum SLAState: String, Sendable, Hashable {
  /// Open, more than a business day left.
  case onTrack = "on track"
  /// Open, due within a business day.
  case atRisk = "at risk"
  /// Open, past its due day.
  case overdue
  /// Implemented on or before its due day.
  case met
  /// Implemented after its due day.
  case missed
}

extension SLAPolicy {
  /// The due day and SLA state of an approved component's task at `now`; nil before approval,
  /// and a nil state once a rejected or unimplemented task no longer runs.
  public func task(of component: Component, at now: Timestamp) -> (due: Day, state: SLAState?)? {
    guard let approval = component.approval, let approved = component.approvalEntry else {
      return nil
    }
    let due = dueDate(approvedAt: approved.at, priority: approval.priority)
    if let implemented = component.history.last(where: { $0.transition == .implement }) {
      return (due, implemented.at.day <= due ? .met : .missed)
    }
    guard component.status == .approved else { return (due, nil) }
    if now.day > due { return (due, .overdue) }
    let left = calendar.businessDays(from: now, to: Timestamp(day: due.adding(days: 1)))
    return (due, left <= 1 ? .atRisk : .onTrack)
  }
}
