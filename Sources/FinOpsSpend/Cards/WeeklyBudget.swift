import FinOpsCore
import Foundation

/// Pro-rates monthly amounts to a week, exactly, rounding once to cents at the end.
///
/// A month is taken as the average Gregorian month, 365.25 / 12 days, so a week is
/// 7 / (365.25 / 12) = 84 / 365.25 = 336 / 1461 of a month:
/// `weekly = round_half_even(monthly × 336 / 1461, 2)`. A $1,200.00 monthly budget is $275.98 a
/// week. Annual amounts pro-rate the same way: `weekly = round_half_even(annual × 7 / 365.25, 2)`.
public enum WeeklyBudget {
  /// The weekly share of a monthly amount, to the cent.
  public static func fromMonthly(_ monthly: Money) -> Money {
    ExactDecimal.roundedRatio(monthly.value, times: 336, over: 1461, scale: 2).map(Money.init)
      ?? (monthly * 336 / 1461).rounded(scale: 2)
  }

  /// The weekly share of an annual amount, to the cent.
  public static func fromAnnual(_ annual: Money) -> Money {
    ExactDecimal.roundedRatio(annual.value, times: 28, over: 1461, scale: 2).map(Money.init)
      ?? (annual * 28 / 1461).rounded(scale: 2)
  }
}
