import FinOpsCore

extension SpendState {
  /// Spend, budget, spend minus budget and the state, from sums: in integers when both are
  /// whole units, the amounts and state the `Money` arithmetic gives (a `Decimal` addition,
  /// difference and comparison per unit and week were a third of making a report's roll-ups).
  static func measure(spend: WideSum, budget: WideSum) -> (
    spend: Money, budget: Money, variance: Money, state: SpendState
  ) {
    if let spendUnits = spend.wholeUnits, let budgetUnits = budget.wholeUnits,
      case (let varianceUnits, false) = spendUnits.subtractingReportingOverflow(budgetUnits)
    {
      return (
        FixedSum.money(spendUnits), FixedSum.money(budgetUnits), FixedSum.money(varianceUnits),
        SpendState(spendUnits: spendUnits, budgetUnits: budgetUnits)
      )
    }
    let (spend, budget) = (spend.money, budget.money)
    return (spend, budget, spend - budget, SpendState(spend: spend, budget: budget))
  }
}

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
    self.init(
      week: week,
      measured: (spend, budget, spend - budget, SpendState(spend: spend, budget: budget)),
      estimate: estimate, liveWorkloads: liveWorkloads, liveComponents: liveComponents,
      annualOpportunity: annualOpportunity, otherCurrencies: otherCurrencies)
  }

  /// A week from sums (what `init` gives for their amounts).
  init(
    week: Day, spend: WideSum, budget: WideSum, estimate: Money, liveWorkloads: Int,
    liveComponents: Int, annualOpportunity: Money, otherCurrencies: [CurrencyAmount]
  ) {
    self.init(
      week: week, measured: SpendState.measure(spend: spend, budget: budget), estimate: estimate,
      liveWorkloads: liveWorkloads, liveComponents: liveComponents,
      annualOpportunity: annualOpportunity,
      otherCurrencies: otherCurrencies)
  }

  private init(
    week: Day, measured: (spend: Money, budget: Money, variance: Money, state: SpendState),
    estimate: Money,
    liveWorkloads: Int, liveComponents: Int, annualOpportunity: Money,
    otherCurrencies: [CurrencyAmount]
  ) {
    self.week = week
    (spend, budget, variance, state) = measured
    self.estimate = estimate
    self.liveWorkloads = liveWorkloads
    self.liveComponents = liveComponents
    self.annualOpportunity = annualOpportunity
    self.otherCurrencies = otherCurrencies
  }
}
