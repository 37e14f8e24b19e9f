import FinOpsCore
import Foundation

/// An exact running sum of money: whole units of 10⁻¹⁰ (`FixedCosts.scale`) added as a 64-bit
/// integer, and anything else (a cost the reader could not give in units, or an add that would
/// overflow) as `Money`. Tens of thousands of buckets are summed into weeks, meters and models;
/// `Decimal` addition allocates on Linux and cost most of the ledger's time.
///
/// `money` is the exact sum however the parts were split, so a sum never differs from adding
/// the same amounts as `Money`.
struct FixedSum: Sendable {
  private var units: Int64 = 0
  private var rest = Money.zero

  /// Zero.
  init() {}

  /// Adds `units` of 10⁻¹⁰.
  mutating func add(units more: Int64) {
    if case (let sum, false) = units.addingReportingOverflow(more) {
      units = sum
    } else {
      rest += Self.money(more)
    }
  }

  /// Adds an amount that may not be a whole number of units.
  mutating func add(_ money: Money) { rest += money }

  /// Adds another sum.
  mutating func add(_ other: FixedSum) {
    add(units: other.units)
    if other.rest != .zero { rest += other.rest }
  }

  /// The exact sum.
  var money: Money {
    guard units != 0 else { return rest }
    return rest == .zero ? Self.money(units) : rest + Self.money(units)
  }

  /// `units` of 10⁻¹⁰ as money.
  static func money(_ units: Int64) -> Money {
    guard units != 0 else { return .zero }
    return Money(
      Decimal(
        sign: units < 0 ? .minus : .plus, exponent: -FixedCosts.scale,
        significand: Decimal(units.magnitude)))
  }
}
