import FinOpsCore

/// One org unit's week: the sums of its components' cards.
public struct RollUpWeek: Sendable, Hashable {
  /// The week's Monday.
  public var week: Day
  /// Effective cost (repository currency).
  public var spend: Money
  /// The sum of the cards' weekly budgets.
  public var budget: Money
  /// The sum of the cards' weekly confirmed estimates.
  public var estimate: Money
  /// Spend minus budget.
  public var variance: Money
  /// On plan, watch or over.
  public var state: SpendState
  /// Workloads with a card this week.
  public var liveWorkloads: Int
  /// Components with a card this week.
  public var liveComponents: Int
  /// The declared annual opportunity of those components.
  public var annualOpportunity: Money
  /// Spend in other currencies.
  public var otherCurrencies: [CurrencyAmount]

  /// Creates a week from sums.
  public init(
    week: Day, spend: Money, budget: Money, estimate: Money, liveWorkloads: Int,
    liveComponents: Int, annualOpportunity: Money, otherCurrencies: [CurrencyAmount]
  ) {
    self.week = week
    self.spend = spend
    self.budget = budget
    self.estimate = estimate
    variance = spend - budget
    state = SpendState(spend: spend, budget: budget)
    self.liveWorkloads = liveWorkloads
    self.liveComponents = liveComponents
    self.annualOpportunity = annualOpportunity
    self.otherCurrencies = otherCurrencies
  }
}
