import FinOpsCore

/// What one component spent in one week (Monday to Sunday, UTC) in one currency.
public struct WeekSpend: Sendable, Hashable {
  /// The week's Monday.
  public var monday: Day
  /// The ISO 4217 code.
  public var currency: String
  /// Effective and billed cost.
  public var amounts: SpendAmounts
  /// Effective cost per model (as the meter or resource names it), largest first.
  public var models: [NamedAmount]
  /// Effective cost per meter, largest first.
  public var meters: [NamedAmount]

  /// Creates a week.
  public init(
    monday: Day, currency: String, amounts: SpendAmounts, models: [NamedAmount],
    meters: [NamedAmount]
  ) {
    self.monday = monday
    self.currency = currency
    self.amounts = amounts
    self.models = models
    self.meters = meters
  }
}
