/// A row's costs as whole multiples of 10⁻¹⁰, when they are that exact and fit: attribution sums
/// these with integer adds (a million `Decimal` adds cost most of a second on Linux) and falls
/// back to `Decimal` for any other value. It is a cache of `billedCost` and `effectiveCost`, so it
/// never takes part in a record's equality or hash.
public struct FixedCosts: Sendable, Hashable {
  /// Units of 10⁻¹⁰ per currency unit.
  public static let scale = 10

  /// Effective cost in units.
  public var effective: Int64
  /// Billed cost in units.
  public var billed: Int64

  /// Creates fixed costs.
  public init(effective: Int64, billed: Int64) {
    self.effective = effective
    self.billed = billed
  }

  /// Always equal: the costs themselves are compared as `Money`.
  public static func == (lhs: FixedCosts, rhs: FixedCosts) -> Bool { true }

  /// Adds nothing: the costs themselves are hashed as `Money`.
  public func hash(into hasher: inout Hasher) {}
}
