/// The result of attribution: spend per component and week, unattributed spend, the allocation
/// gaps, the restated periods and the per-currency reconciliation.
public struct SpendLedger: Sendable, Hashable {
  /// Every claimed component (live or retired), with or without spend, by reference.
  public var components: [ComponentSpend]
  /// Spend attributed to no component, by reason, currency, then largest first.
  public var unattributed: [UnattributedSpend]
  /// The allocation gaps, by kind, then component.
  public var findings: [AllocationGap]
  /// Per currency: input = attributed + unattributed.
  public var reconciliation: [Reconciliation]
  /// Periods a later delivery replaced.
  public var restatements: [Restatement]
  /// Every delivery that contributed rows, in order.
  public var deliveries: [String]

  /// Creates a ledger.
  public init(
    components: [ComponentSpend], unattributed: [UnattributedSpend], findings: [AllocationGap],
    reconciliation: [Reconciliation], restatements: [Restatement], deliveries: [String]
  ) {
    self.components = components
    self.unattributed = unattributed
    self.findings = findings
    self.reconciliation = reconciliation
    self.restatements = restatements
    self.deliveries = deliveries
  }

  /// Whether every currency reconciles exactly.
  public var balances: Bool { reconciliation.allSatisfy(\.balances) }

  /// The spend of one component.
  public func spend(of reference: ComponentReference) -> ComponentSpend? {
    components.first { $0.reference == reference }
  }
}
