import FinOpsCore
import Foundation

/// A weekly Cloud Spend Card: one claimed component's spend in one week (Monday to Sunday, UTC)
/// against its budget, with what it was spent on and the business case it serves.
///
/// Amounts are in the repository currency; spend in other currencies is listed apart and not
/// compared with the budget. Spend is exact (the sum of effective cost); budgets are pro-rated
/// by `WeeklyBudget` and rounded to cents; variance is spend minus budget, exact.
public struct SpendCard: Sendable, Hashable {
  /// The component.
  public var reference: ComponentReference
  /// The workload's title.
  public var title: String
  /// The workload's E4 unit.
  public var product: String
  /// The week's Monday.
  public var week: Day
  /// Whether the whole week is covered (its Sunday is not after the report's last day).
  public var complete: Bool
  /// The repository currency.
  public var currency: String
  /// Effective cost in the week.
  public var spend: Money
  /// Billed cost in the week.
  public var billed: Money
  /// The Product Owner's monthly budget, pro-rated to the week.
  public var budget: Money
  /// The FinOps Lead's confirmed monthly estimate, pro-rated to the week.
  public var estimate: Money
  /// Spend minus budget.
  public var variance: Money
  /// Spend minus estimate.
  public var estimateVariance: Money
  /// Spend as a percentage of budget, one decimal; nil for a zero budget.
  public var percentOfBudget: Decimal?
  /// On plan, watch or over, against the budget.
  public var state: SpendState
  /// The three models with the most spend.
  public var topModels: [NamedAmount]
  /// The three meters with the most spend.
  public var topMeters: [NamedAmount]
  /// Spend in other currencies than the repository's.
  public var otherCurrencies: [CurrencyAmount]
  /// The declared business case.
  public var businessCase: BusinessCase
  /// The declared annual opportunity (baseline × target percent, to the cent).
  public var annualOpportunity: Money
  /// The declared annual opportunity, pro-rated to the week.
  public var weeklyOpportunity: Money

  /// Creates a card; the opportunities are derived from `businessCase` when not given.
  public init(
    reference: ComponentReference, title: String, product: String, week: Day, complete: Bool,
    currency: String, spend: Money, billed: Money, budget: Money, estimate: Money,
    topModels: [NamedAmount], topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount],
    businessCase: BusinessCase, annualOpportunity: Money? = nil, weeklyOpportunity: Money? = nil
  ) {
    self.reference = reference
    self.title = title
    self.product = product
    self.week = week
    self.complete = complete
    self.currency = currency
    self.spend = spend
    self.billed = billed
    self.budget = budget
    self.estimate = estimate
    variance = spend - budget
    estimateVariance = spend - estimate
    percentOfBudget = SpendState.percent(spend: spend, budget: budget)
    state = SpendState(spend: spend, budget: budget)
    self.topModels = topModels
    self.topMeters = topMeters
    self.otherCurrencies = otherCurrencies
    self.businessCase = businessCase
    // Callers making many cards of one component pass these once computed.
    let annual = annualOpportunity ?? businessCase.annualOpportunity
    self.annualOpportunity = annual
    self.weeklyOpportunity = weeklyOpportunity ?? WeeklyBudget.fromAnnual(annual)
  }

  /// The week's Sunday.
  public var weekEnd: Day { week.adding(days: 6) }

  /// The first card week of a component claimed at `claim`: the first Monday strictly after the
  /// claim's UTC day. A claim on Sunday starts cards the next day; a claim on a Monday (at any
  /// time, midnight included) starts them a week later; a mid-week claim, the next Monday.
  public static func firstWeek(claimedAt claim: Timestamp) -> Day {
    claim.day.monday.adding(days: 7)
  }

  /// The last card week of a component retired at `retirement` (the week holding the last
  /// second it was live), or of a report through `through`.
  public static func lastWeek(retiredAt retirement: Timestamp?, through: Day) -> Day {
    let last = through.monday
    guard let retirement else { return last }
    return min(last, retirement.adding(seconds: -1).day.monday)
  }
}
