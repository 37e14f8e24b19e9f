/// Business days: Monday to Friday, less the configured holidays.
public struct BusinessCalendar: Sendable, Hashable {
  /// Days that are never business days.
  public var holidays: Set<Day>

  /// Creates a calendar with the given holidays.
  public init(holidays: Set<Day> = []) { self.holidays = holidays }

  /// Whether work is expected on `day`.
  public func isBusinessDay(_ day: Day) -> Bool { !day.isWeekend && !holidays.contains(day) }

  /// The business day `count` business days after `day` (`day` itself does not count).
  public func adding(businessDays count: Int, to day: Day) -> Day {
    var current = day
    var remaining = count
    while remaining > 0 {
      current = current.adding(days: 1)
      if isBusinessDay(current) { remaining -= 1 }
    }
    return current
  }

  /// Business days elapsed from one instant to a later one, counting only time that falls on
  /// business days; fractional, so lead times under a day are visible.
  public func businessDays(from start: Timestamp, to end: Timestamp) -> Double {
    guard start < end else { return 0 }
    var seconds: Int64 = 0
    var day = start.day
    while day <= end.day {
      if isBusinessDay(day) {
        let dayStart = Timestamp(day: day)
        let from = max(start, dayStart)
        let to = min(end, dayStart.adding(seconds: 86_400))
        seconds += max(0, to.seconds - from.seconds)
      }
      day = day.adding(days: 1)
    }
    return Double(seconds) / 86_400
  }
}
