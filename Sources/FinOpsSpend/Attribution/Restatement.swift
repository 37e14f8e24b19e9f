import FinOpsCore

/// A restated period: a later delivery replaced the rows of earlier ones for one billing period
/// and account (see `Delivery`).
public struct Restatement: Sendable, Hashable {
  /// The billing period's first day.
  public var billingPeriod: Day
  /// The account; empty when the rows name none.
  public var account: String
  /// The delivery whose rows count.
  public var kept: String
  /// The deliveries whose rows for this key were replaced.
  public var replaced: [String]
  /// The effective cost that counts, per currency.
  public var keptAmounts: [CurrencyAmount]
  /// The effective cost that was replaced (not added), per currency, summed over `replaced`.
  public var replacedAmounts: [CurrencyAmount]

  /// Creates a restatement.
  public init(
    billingPeriod: Day, account: String, kept: String, replaced: [String],
    keptAmounts: [CurrencyAmount], replacedAmounts: [CurrencyAmount]
  ) {
    self.billingPeriod = billingPeriod
    self.account = account
    self.kept = kept
    self.replaced = replaced
    self.keptAmounts = keptAmounts
    self.replacedAmounts = replacedAmounts
  }
}
