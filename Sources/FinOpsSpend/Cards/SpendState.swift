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
    } else if spend * 100 <= budget * 110 {
      self = .watch
    } else {
      self = .over
    }
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
    return ExactDecimal.round(spend.value * 100 / budget.value, scale: 1)
  }
}
