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
  /// What was not added in units, nearly always nothing: boxed, so that a sum takes 16 bytes
  /// (a year of spend holds hundreds of thousands of them).
  private var rest: Rest?

  /// An amount of money, boxed.
  private final class Rest: Sendable {
    let money: Money
    init(_ money: Money) { self.money = money }
  }

  /// Zero.
  init() {}

  private mutating func addRest(_ money: Money) {
    rest = Rest((rest?.money ?? .zero) + money)
  }

  /// Adds `units` of 10⁻¹⁰.
  mutating func add(units more: Int64) {
    if case (let sum, false) = units.addingReportingOverflow(more) {
      units = sum
    } else {
      addRest(Self.money(more))
    }
  }

  /// Adds an amount that may not be a whole number of units.
  /// Adds `money`: as units when it is a whole number of them that fits, else exactly as money.
  mutating func add(_ money: Money) {
    if let more = Self.units(of: money) { add(units: more) } else { addRest(money) }
  }

  /// Adds another sum.
  mutating func add(_ other: FixedSum) {
    add(units: other.units)
    if let more = other.rest?.money, more != .zero { addRest(more) }
  }

  /// The sum in units, when nothing was added otherwise (nearly always).
  var wholeUnits: Int64? { rest == nil ? units : nil }

  /// The exact sum.
  var money: Money {
    let rest = self.rest?.money ?? .zero
    guard units != 0 else { return rest }
    return rest == .zero ? Self.money(units) : rest + Self.money(units)
  }

  /// The most bytes `writeCanonical` writes.
  static let canonicalMaximum = 32

  /// Writes `units` of 10⁻¹⁰ at `place` as `Money.canonical` spells that amount (at least two
  /// fraction digits, no trailing zeros beyond them), at most `canonicalMaximum` bytes; returns
  /// how many bytes.
  static func writeCanonical(_ units: Int64, to place: UnsafeMutablePointer<UInt8>) -> Int {
    ByteText.writeFixedPoint(
      units.magnitude, scale: FixedCosts.scale, minimumFractionDigits: 2, negative: units < 0, to: place)
  }

  /// `money` as a whole number of units (10⁻¹⁰), read from its significand and exponent;
  /// nil when it has finer digits or does not fit.
  static func units(of money: Money) -> Int64? {
    guard let (significand, negative, exponent) = ExactDecimal.parts(money.value) else { return nil }
    let shift = exponent + FixedCosts.scale
    guard shift >= 0, shift <= 18 else { return nil }
    let (scaled, overflow) = significand.multipliedReportingOverflow(by: ByteText.powersOfTen[shift])
    guard !overflow, scaled <= UInt64(Int64.max) else { return nil }
    return negative ? -Int64(scaled) : Int64(scaled)
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

/// `FixedSum` 128 bits wide, for the roll-ups' sums: added up the organisation, annual
/// opportunities pass 64 bits of units (a billion), where a `FixedSum` would go on adding in
/// `Decimal`. `money` is the same exact sum.
struct WideSum: Sendable {
  private var units: Int128 = 0
  /// What was not added in units: amounts finer than a unit.
  private var rest: Money?

  /// Zero.
  init() {}

  /// Adds `units` of 10⁻¹⁰.
  mutating func add(units more: Int64) { units += Int128(more) }

  /// Adds `money`: as units when it is a whole number of them, else exactly as money.
  mutating func add(_ money: Money) {
    if let more = FixedSum.units(of: money) {
      add(units: more)
    } else {
      rest = (rest ?? .zero) + money
    }
  }

  /// Adds another sum.
  mutating func add(_ other: WideSum) {
    units += other.units
    if let more = other.rest { rest = (rest ?? .zero) + more }
  }

  /// The sum in units, when it is all in units and fits in 64 bits.
  var wholeUnits: Int64? { rest == nil ? Int64(exactly: units) : nil }

  /// The exact sum.
  var money: Money {
    let whole =
      Int64(exactly: units).map(FixedSum.money)
      ?? Money(
        Decimal(
          sign: units < 0 ? .minus : .plus, exponent: -FixedCosts.scale,
          significand: Self.decimal(units.magnitude)))
    guard let rest else { return whole }
    return units == 0 ? rest : rest + whole
  }

  /// A 128-bit magnitude as a decimal: its high and low words joined exactly.
  private static func decimal(_ magnitude: UInt128) -> Decimal {
    let high = Decimal(UInt64(truncatingIfNeeded: magnitude >> 64))
    let low = Decimal(UInt64(truncatingIfNeeded: magnitude))
    return high * Decimal(sign: .plus, exponent: 0, significand: Decimal(UInt64.max)) + high + low
  }
}
