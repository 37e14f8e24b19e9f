import FinOpsCore

/// The two costs of a set of rows in one currency: effective (attributed, on cards) and billed
/// (the invoice).
public struct SpendAmounts: Sendable, Hashable {
  /// Sum of effective cost.
  public var effective: Money
  /// Sum of billed cost.
  public var billed: Money
  /// How many rows.
  public var rows: Int

  /// Creates amounts.
  public init(effective: Money = .zero, billed: Money = .zero, rows: Int = 0) {
    self.effective = effective
    self.billed = billed
    self.rows = rows
  }

  /// Nothing.
  public static let zero = SpendAmounts()

  /// Adds another set.
  public static func += (lhs: inout SpendAmounts, rhs: SpendAmounts) {
    lhs.effective += rhs.effective
    lhs.billed += rhs.billed
    lhs.rows += rhs.rows
  }

  /// The sum of two sets.
  public static func + (lhs: SpendAmounts, rhs: SpendAmounts) -> SpendAmounts {
    var sum = lhs
    sum += rhs
    return sum
  }
}
