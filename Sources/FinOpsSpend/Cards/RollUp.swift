import FinOpsCore

/// An org unit's spend, week by week: Product (E4) → Portfolio (E3) → Department (E2) →
/// Business Unit (E1). A component rolls into its workload's product and every unit above it,
/// so an AI component added to an existing workload counts in its parent's product.
public struct RollUp: Sendable, Hashable {
  /// The unit's id.
  public var unit: String
  /// The unit's name.
  public var name: String
  /// 1 for E1 … 4 for E4.
  public var level: Int
  /// The level's name, such as `Product`.
  public var levelName: String
  /// The ids from E1 down to this unit.
  public var path: [String]
  /// The weeks with at least one card, in order.
  public var weeks: [RollUpWeek]
  /// Spend over all weeks.
  public var spend: Money
  /// Budget over all weeks.
  public var budget: Money
  /// Spend minus budget over all weeks.
  public var variance: Money
  /// On plan, watch or over, over all weeks.
  public var state: SpendState

  /// Creates a roll-up; totals are the sums of `weeks`.
  public init(
    unit: String, name: String, level: Int, levelName: String, path: [String],
    weeks: [RollUpWeek]
  ) {
    self.init(
      unit: unit, name: name, level: level, levelName: levelName, path: path, weeks: weeks,
      totals: Self.totals(weeks))
  }

  /// A roll-up whose totals were summed with its weeks: taken when both are whole units (what
  /// `init` adds up from the weeks, exactly), else added up from the weeks as `init` does.
  init(
    unit: String, name: String, level: Int, levelName: String, path: [String], weeks: [RollUpWeek],
    spend: WideSum, budget: WideSum
  ) {
    let whole = spend.wholeUnits != nil && budget.wholeUnits != nil
    self.init(
      unit: unit, name: name, level: level, levelName: levelName, path: path, weeks: weeks,
      totals: whole ? SpendState.measure(spend: spend, budget: budget) : Self.totals(weeks))
  }

  private init(
    unit: String, name: String, level: Int, levelName: String, path: [String], weeks: [RollUpWeek],
    totals: (spend: Money, budget: Money, variance: Money, state: SpendState)
  ) {
    self.unit = unit
    self.name = name
    self.level = level
    self.levelName = levelName
    self.path = path
    self.weeks = weeks
    (spend, budget, variance, state) = totals
  }

  /// Spend, budget, variance and state over `weeks`.
  private static func totals(_ weeks: [RollUpWeek]) -> (
    spend: Money, budget: Money, variance: Money, state: SpendState
  ) {
    let spend = weeks.reduce(Money.zero) { $0 + $1.spend }
    let budget = weeks.reduce(Money.zero) { $0 + $1.budget }
    return (spend, budget, spend - budget, SpendState(spend: spend, budget: budget))
  }
}
