import FinOpsCore

/// Spend that belongs to no component, grouped by reason, caller, account and currency.
public struct UnattributedSpend: Sendable, Hashable {
  /// Why it is unattributed.
  public var reason: UnattributedReason
  /// The caller (a role as `arn:…:iam::ACCOUNT:role/NAME`, sessions folded); nil for none.
  public var principal: String?
  /// The usage account.
  public var account: String?
  /// The ISO 4217 code.
  public var currency: String
  /// Effective and billed cost.
  public var amounts: SpendAmounts
  /// The first and last day with spend.
  public var firstDay: Day
  /// The last day with spend.
  public var lastDay: Day
  /// The components whose role it is, for a role of a request.
  public var components: [ComponentReference]
  /// Effective cost per meter, largest first (at most five).
  public var meters: [NamedAmount]

  /// Creates a group.
  public init(
    reason: UnattributedReason, principal: String?, account: String?, currency: String,
    amounts: SpendAmounts, firstDay: Day, lastDay: Day, components: [ComponentReference],
    meters: [NamedAmount]
  ) {
    self.reason = reason
    self.principal = principal
    self.account = account
    self.currency = currency
    self.amounts = amounts
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.components = components
    self.meters = meters
  }
}
