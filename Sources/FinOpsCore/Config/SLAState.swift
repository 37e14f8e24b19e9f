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
    guard let priority = component.approval?.priority, let approved = component.approvalEntry?.at else {
      return nil
    }
    return task(
      approvedAt: approved, priority: priority,
      implementedAt: component.history.last(where: { $0.transition == .implement })?.at, status: component.status,
      at: now)
  }

  /// `task(of:at:)` from what it reads of the component: when it was approved (the last
  /// approval) and at which priority, when it was implemented (the last time), and its status.
  public func task(
    approvedAt approved: Timestamp, priority: Priority, implementedAt implemented: Timestamp?, status: Status,
    at now: Timestamp
  ) -> (due: Day, state: SLAState?) {
    let due = dueDate(approvedAt: approved, priority: priority)
    if let implemented {
      return (due, implemented.day <= due ? .met : .missed)
    }
    guard status == .approved else { return (due, nil) }
    if now.day > due { return (due, .overdue) }
    let left = calendar.businessDays(from: now, to: Timestamp(day: due.adding(days: 1)))
    return (due, left <= 1 ? .atRisk : .onTrack)
  }
}
