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

  /// A week from sums of units: the variance and state worked out in integers when both sums
  /// are whole units, the same amounts and state as the `Money` arithmetic of the other
  /// initializer (a `Decimal` difference and comparisons per unit and week were a sixth of
  /// making a report's roll-ups).
  init(
    week: Day, spend: FixedSum, budget: FixedSum, estimate: Money, liveWorkloads: Int,
    liveComponents: Int, annualOpportunity: Money, otherCurrencies: [CurrencyAmount]
  ) {
    if let spendUnits = spend.wholeUnits, let budgetUnits = budget.wholeUnits,
      case (let varianceUnits, false) = spendUnits.subtractingReportingOverflow(budgetUnits)
    {
      self.spend = FixedSum.money(spendUnits)
      self.budget = FixedSum.money(budgetUnits)
      variance = FixedSum.money(varianceUnits)
      state = SpendState(spendUnits: spendUnits, budgetUnits: budgetUnits)
    } else {
      self.spend = spend.money
      self.budget = budget.money
      variance = self.spend - self.budget
      state = SpendState(spend: self.spend, budget: self.budget)
    }
    self.week = week
    self.estimate = estimate
    self.liveWorkloads = liveWorkloads
    self.liveComponents = liveComponents
    self.annualOpportunity = annualOpportunity
    self.otherCurrencies = otherCurrencies
  }
}
