import Foundation

/// The FinOps Lead's confirmed monthly estimate beside the Product Owner's monthly budget: how
/// far apart they are, in money and in percent of the budget, for the review screen.
public struct EstimateComparison: Sendable, Hashable {
  /// Whether the estimate is above, below or equal to the budget.
  public enum Standing: String, Sendable, Hashable {
    /// The estimate exceeds the budget.
    case over
    /// The estimate is below the budget.
    case under
    /// The estimate equals the budget to the cent.
    case onBudget = "on-budget"
  }

  /// The confirmed monthly estimate.
  public var estimate: Money
  /// The Product Owner's monthly budget.
  public var budget: Money

  /// Compares an estimate with a budget.
  public init(estimate: Money, budget: Money) {
    self.estimate = estimate
    self.budget = budget
  }

  /// The estimate minus the budget: positive when over, negative when under.
  public var difference: Money { estimate - budget }

  /// Where the estimate stands against the budget.
  public var standing: Standing {
    if estimate > budget { return .over }
    if estimate < budget { return .under }
    return .onBudget
  }

  /// The difference as a percentage of the budget, rounded half-even to one fraction digit:
  /// `3.95` over a budget of 1200.00 is `4.0`, an estimate of 1134.00 is `-5.5`. Nil when the
  /// budget is zero, where no percentage exists.
  public var percent: Decimal? {
    guard !budget.value.isZero else { return nil }
    return ExactDecimal.round(difference.value * 100 / budget.value, scale: 1)
  }

  /// The signed percentage for display, such as `+4.0%`, `-5.5%` or `0.0%`; nil for a zero
  /// budget.
  public var percentText: String? {
    guard let percent else { return nil }
    let text = ExactDecimal.format(percent, minimumFractionDigits: 1)
    return (percent > 0 ? "+" : "") + text + "%"
  }

  /// One sentence for display, amounts followed by `currency`:
  /// `estimate 1247.40 USD is 47.40 USD (4.0%) over the monthly budget of 1200.00 USD`.
  public func summary(currency: String) -> String {
    summary { "\($0.canonical) \(currency)" }
  }

  /// One sentence for display, with amounts written by `amount` (a currency formatter):
  /// `estimate $1,247.40 is $47.40 (4.0%) over the monthly budget of $1,200.00`.
  public func summary(_ amount: (Money) -> String) -> String {
    let gap = Money(abs(difference.value))
    let share =
      percent.map { " (\(ExactDecimal.format(abs($0), minimumFractionDigits: 1))%)" } ?? ""
    let head = "estimate \(amount(estimate))"
    let tail = "the monthly budget of \(amount(budget))"
    switch standing {
    case .over: return "\(head) is \(amount(gap))\(share) over \(tail)"
    case .under: return "\(head) is \(amount(gap))\(share) under \(tail)"
    case .onBudget: return "\(head) matches \(tail)"
    }
  }
}
