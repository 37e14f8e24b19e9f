import FinOpsCore
import Foundation

/// A weekly Cloud Spend Card: one claimed component's spend in one week (Monday to Sunday, UTC)
/// against its budget, with what it was spent on and the business case it serves.
///
/// Amounts are in the repository currency; spend in other currencies is listed apart and not
/// compared with the budget. Spend is exact (the sum of effective cost); budgets are pro-rated
/// by `WeeklyBudget` and rounded to cents; variance is spend minus budget, exact.
public struct SpendCard: Sendable, Hashable {
  /// What every card of one component shows alike: held once for all of them (a year of cards
  /// for 10,000 workloads is 160,000 cards), each card pointing at it.
  final class Shared: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  /// The fields `Shared` holds.
  struct Fields: Sendable, Hashable {
    var reference: ComponentReference
    var title: String
    var product: String
    var currency: String
    var budget: Money
    var estimate: Money
    var businessCase: BusinessCase
    var annualOpportunity: Money
    var weeklyOpportunity: Money
  }

  /// The fields of this card's week.
  struct Weekly: Sendable, Hashable {
    var week: Day
    var complete: Bool
    var spend: Money
    var billed: Money
    var variance: Money
    var estimateVariance: Money
    var percentOfBudget: Decimal?
    var state: SpendState
    var topModels: [NamedAmount]
    var topMeters: [NamedAmount]
    var otherCurrencies: [CurrencyAmount]
  }

  let shared: Shared
  private var weekly: Weekly

  /// The component.
  public var reference: ComponentReference { shared.fields.reference }
  /// The workload's title.
  public var title: String { shared.fields.title }
  /// The workload's E4 unit.
  public var product: String { shared.fields.product }
  /// The week's Monday.
  public var week: Day {
    get { weekly.week }
    set { weekly.week = newValue }
  }
  /// Whether the whole week is covered (its Sunday is not after the report's last day).
  public var complete: Bool {
    get { weekly.complete }
    set { weekly.complete = newValue }
  }
  /// The repository currency.
  public var currency: String { shared.fields.currency }
  /// Effective cost in the week.
  public var spend: Money { weekly.spend }
  /// Billed cost in the week.
  public var billed: Money { weekly.billed }
  /// The Product Owner's monthly budget, pro-rated to the week.
  public var budget: Money { shared.fields.budget }
  /// The FinOps Lead's confirmed monthly estimate, pro-rated to the week.
  public var estimate: Money { shared.fields.estimate }
  /// Spend minus budget.
  public var variance: Money { weekly.variance }
  /// Spend minus estimate.
  public var estimateVariance: Money { weekly.estimateVariance }
  /// Spend as a percentage of budget, one decimal; nil for a zero budget.
  public var percentOfBudget: Decimal? { weekly.percentOfBudget }
  /// On plan, watch or over, against the budget.
  public var state: SpendState { weekly.state }
  /// The three models with the most spend.
  public var topModels: [NamedAmount] { weekly.topModels }
  /// The three meters with the most spend.
  public var topMeters: [NamedAmount] { weekly.topMeters }
  /// Spend in other currencies than the repository's.
  public var otherCurrencies: [CurrencyAmount] { weekly.otherCurrencies }
  /// The declared business case.
  public var businessCase: BusinessCase { shared.fields.businessCase }
  /// The declared annual opportunity (baseline × target percent, to the cent).
  public var annualOpportunity: Money { shared.fields.annualOpportunity }
  /// The declared annual opportunity, pro-rated to the week.
  public var weeklyOpportunity: Money { shared.fields.weeklyOpportunity }

  /// Creates a card; the opportunities are derived from `businessCase` when not given.
  public init(
    reference: ComponentReference, title: String, product: String, week: Day, complete: Bool,
    currency: String, spend: Money, billed: Money, budget: Money, estimate: Money,
    topModels: [NamedAmount], topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount],
    businessCase: BusinessCase, annualOpportunity: Money? = nil, weeklyOpportunity: Money? = nil
  ) {
    let annual = annualOpportunity ?? businessCase.annualOpportunity
    self.init(
      shared: Shared(
        Fields(
          reference: reference, title: title, product: product, currency: currency, budget: budget,
          estimate: estimate, businessCase: businessCase, annualOpportunity: annual,
          weeklyOpportunity: weeklyOpportunity ?? WeeklyBudget.fromAnnual(annual))),
      week: week, complete: complete, spend: spend, billed: billed, topModels: topModels,
      topMeters: topMeters, otherCurrencies: otherCurrencies)
  }

  /// A card of the component `shared` describes (callers making many cards of one component
  /// make its `Shared` once).
  init(
    shared: Shared, week: Day, complete: Bool, spend: Money, billed: Money, topModels: [NamedAmount],
    topMeters: [NamedAmount], otherCurrencies: [CurrencyAmount]
  ) {
    let budget = shared.fields.budget
    self.init(
      shared: shared,
      weekly: Weekly(
        week: week, complete: complete, spend: spend, billed: billed, variance: spend - budget,
        estimateVariance: spend - shared.fields.estimate,
        percentOfBudget: SpendState.percent(spend: spend, budget: budget),
        state: SpendState(spend: spend, budget: budget), topModels: topModels, topMeters: topMeters,
        otherCurrencies: otherCurrencies))
  }

  /// A card of every field as given (one read back from its binary form).
  init(shared: Shared, weekly: Weekly) {
    self.shared = shared
    self.weekly = weekly
  }

  /// Equal when every field is.
  public static func == (lhs: SpendCard, rhs: SpendCard) -> Bool {
    (lhs.shared === rhs.shared || lhs.shared.fields == rhs.shared.fields) && lhs.weekly == rhs.weekly
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(shared.fields)
    hasher.combine(weekly)
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
