import FinOpsCore
import Foundation

/// The colour of a week's spend against its budget.
///
/// On plan up to 100% of the budget, watch above 100% up to 110%, over above 110%. A zero budget
/// is on plan with no spend (or a net credit) and over with any.
public enum SpendState: String, Sendable, Hashable, CaseIterable {
  /// At most 100% of the budget.
  case onPlan = "on-plan"
  /// Above 100%, at most 110%.
  case watch
  /// Above 110%.
  case over

  /// The state of `spend` against `budget`, compared exactly (no rounding).
  public init(spend: Money, budget: Money) {
    guard budget > .zero else {
      self = spend > .zero ? .over : .onPlan
      return
    }
    if spend <= budget {
      self = .onPlan
    } else if Self.withinTenPercent(spend: spend, budget: budget) ?? (spend * 100 <= budget * 110) {
      self = .watch
    } else {
      self = .over
    }
  }

  /// Whether `spend × 100 ≤ budget × 110`, in integers when both are whole numbers of
  /// `FixedSum` units (money to ten decimals, as exports and budgets are); nil otherwise.
  /// `Decimal` multiplication costs as much as a card's other fields together.
  static func withinTenPercent(spend: Money, budget: Money) -> Bool? {
    guard let spend = FixedSum.units(of: spend), let budget = FixedSum.units(of: budget), spend >= 0, budget >= 0
    else { return nil }
    let left = UInt64(spend).multipliedFullWidth(by: 100)
    let right = UInt64(budget).multipliedFullWidth(by: 110)
    return left.high < right.high || (left.high == right.high && left.low <= right.low)
  }

  /// `On plan`, `Watch`, `Over`.
  public var title: String {
    switch self {
    case .onPlan: "On plan"
    case .watch: "Watch"
    case .over: "Over"
    }
  }

  /// Spend as a percentage of budget, to one decimal; nil for a zero budget.
  public static func percent(spend: Money, budget: Money) -> Decimal? {
    guard budget > .zero else { return nil }
    return tenths(spend: spend, budget: budget) ?? ExactDecimal.round(spend.value * 100 / budget.value, scale: 1)
  }

  /// `percent(spend:budget:)` in integers when both are whole numbers of `FixedSum` units: the
  /// quotient in tenths, rounded half-even as `ExactDecimal.round` rounds it (`Decimal`'s
  /// division carries 38 digits, and the quotient of numbers of this size can neither be a tie
  /// nor fall within 10⁻³⁸ of one unless it is one). Nil otherwise, or when it does not fit.
  static func tenths(spend: Money, budget: Money) -> Decimal? {
    guard let spend = FixedSum.units(of: spend), let budget = FixedSum.units(of: budget),
      let (quotient, negative) = tenths(spendUnits: spend, budgetUnits: budget)
    else { return nil }
    guard quotient != 0 else { return Decimal(0) }
    return Decimal(sign: negative ? .minus : .plus, exponent: -1, significand: Decimal(quotient))
  }

  /// The magnitude of `percent(spend:budget:)` in tenths, and its sign, of amounts in `FixedSum`
  /// units: nil when the budget is not above zero or the quotient does not fit.
  static func tenths(
    spendUnits spend: Int64, budgetUnits budget: Int64
  ) -> (UInt64, negative: Bool)? {
    guard budget > 0 else { return nil }
    let divisor = UInt64(budget)
    let scaled = spend.magnitude.multipliedFullWidth(by: 1000)
    guard scaled.high < divisor else { return nil }
    var (quotient, remainder) = divisor.dividingFullWidth(scaled)
    // `remainder` < `divisor` ≤ Int64.max: twice it fits.
    if remainder * 2 > divisor || (remainder * 2 == divisor && quotient % 2 == 1) {
      // A quotient of 64 bits exactly that rounds up does not fit: left to Decimal.
      guard quotient < .max else { return nil }
      quotient += 1
    }
    return (quotient, spend < 0)
  }

  /// The state of spend against budget, both in `FixedSum` units: `init(spend:budget:)` in
  /// integers.
  init(spendUnits spend: Int64, budgetUnits budget: Int64) {
    if budget <= 0 {
      self = spend > 0 ? .over : .onPlan
    } else if spend <= budget {
      self = .onPlan
    } else {
      // Both above zero here: `spend × 100 ≤ budget × 110` in 128 bits.
      let left = UInt64(spend).multipliedFullWidth(by: 100)
      let right = UInt64(budget).multipliedFullWidth(by: 110)
      let within = left.high < right.high || (left.high == right.high && left.low <= right.low)
      self = within ? .watch : .over
    }
  }
}
