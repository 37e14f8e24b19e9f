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
  ///
  /// The first and last days count in part, the whole days between by arithmetic over weeks
  /// less the holidays among them: a page lists thousands of ages, and a walk day by day with a
  /// set lookup each cost more than the rest of a list row.
  public func businessDays(from start: Timestamp, to end: Timestamp) -> Double {
    guard start < end else { return 0 }
    let first = start.day
    let last = end.day
    guard first < last else {
      return isBusinessDay(first) ? Double(end.seconds - start.seconds) / 86_400 : 0
    }
    var seconds: Int64 = 0
    if isBusinessDay(first) { seconds += Timestamp(day: first.adding(days: 1)).seconds - start.seconds }
    if isBusinessDay(last) { seconds += end.seconds - Timestamp(day: last).seconds }
    let between = weekdays(from: first.adding(days: 1), through: last.adding(days: -1))
      - holidays.count { !$0.isWeekend && first < $0 && $0 < last }
    return Double(seconds + Int64(between) * 86_400) / 86_400
  }

  /// Monday-to-Friday days from `first` through `last` (none when `last` comes first).
  func weekdays(from first: Day, through last: Day) -> Int {
    let count = last.ordinal - first.ordinal + 1
    guard count > 0 else { return 0 }
    let weeks = count / 7
    var result = weeks * 5
    // The days left over after whole weeks, from the weekday of `first` on.
    var weekday = first.weekday
    for _ in 0..<(count - weeks * 7) {
      if weekday < 5 { result += 1 }
      weekday = (weekday + 1) % 7
    }
    return result
  }
}
