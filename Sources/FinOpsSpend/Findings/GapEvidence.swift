import FinOpsCore

/// The rows behind a finding: how much, when, who called, what was seen against what was
/// approved, and where the first row is.
public struct GapEvidence: Sendable, Hashable {
  /// Effective cost per currency.
  public var amounts: [CurrencyAmount]
  /// How many rows.
  public var rows: Int
  /// The first day with such spend; nil when there is none.
  public var firstDay: Day?
  /// The last day with such spend; nil when there is none.
  public var lastDay: Day?
  /// The caller (a role ARN, sessions folded).
  public var principal: String?
  /// What the rows show: the model, account or Region seen.
  public var observed: String?
  /// What was approved: the model, account or Region.
  public var expected: String?
  /// The first such row, `path:line`; nil when there is none.
  public var sample: SourceLocation?

  /// Creates evidence.
  public init(
    amounts: [CurrencyAmount], rows: Int, firstDay: Day?, lastDay: Day?, principal: String?,
    observed: String?, expected: String?, sample: SourceLocation?
  ) {
    self.amounts = amounts
    self.rows = rows
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.principal = principal
    self.observed = observed
    self.expected = expected
    self.sample = sample
  }
}
