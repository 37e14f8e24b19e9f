/// The proof that nothing was lost or counted twice, per currency: attributed plus unattributed
/// equals the input (after restatement), exactly.
public struct Reconciliation: Sendable, Hashable {
  /// The ISO 4217 code.
  public var currency: String
  /// Every row counted (after restated periods replaced earlier deliveries).
  public var input: SpendAmounts
  /// The rows attributed to a component.
  public var attributed: SpendAmounts
  /// The rows attributed to none.
  public var unattributed: SpendAmounts

  /// Creates a reconciliation.
  public init(
    currency: String, input: SpendAmounts, attributed: SpendAmounts, unattributed: SpendAmounts
  ) {
    self.currency = currency
    self.input = input
    self.attributed = attributed
    self.unattributed = unattributed
  }

  /// Whether attributed + unattributed = input, to the last digit, in both costs and rows.
  public var balances: Bool { attributed + unattributed == input }
}
