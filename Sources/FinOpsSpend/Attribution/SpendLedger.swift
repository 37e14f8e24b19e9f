import FinOpsCore

/// The result of attribution: spend per component and week, unattributed spend, the allocation
/// gaps, the restated periods and the per-currency reconciliation.
public struct SpendLedger: Sendable, Hashable {
  /// Every claimed component (live or retired), with or without spend, by reference (read from
  /// the build cache only when first asked for: a build whose spend pages are all kept never
  /// reads a year of weeks).
  public var components: [ComponentSpend] { componentStore.value }
  let componentStore: MadeOnce<[ComponentSpend]>
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
    self.init(
      componentStore: MadeOnce { components }, unattributed: unattributed, findings: findings,
      reconciliation: reconciliation, restatements: restatements, deliveries: deliveries)
  }

  /// A ledger whose components are made (read) when first asked for.
  init(
    componentStore: MadeOnce<[ComponentSpend]>, unattributed: [UnattributedSpend], findings: [AllocationGap],
    reconciliation: [Reconciliation], restatements: [Restatement], deliveries: [String]
  ) {
    self.componentStore = componentStore
    self.unattributed = unattributed
    self.findings = findings
    self.reconciliation = reconciliation
    self.restatements = restatements
    self.deliveries = deliveries
  }

  /// Equal when every part is.
  public static func == (lhs: SpendLedger, rhs: SpendLedger) -> Bool {
    lhs.unattributed == rhs.unattributed && lhs.findings == rhs.findings
      && lhs.reconciliation == rhs.reconciliation && lhs.restatements == rhs.restatements
      && lhs.deliveries == rhs.deliveries && lhs.components == rhs.components
  }

  /// Hashes all but the components (equal ledgers have equal parts, so equal hashes).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(unattributed)
    hasher.combine(findings)
    hasher.combine(reconciliation)
    hasher.combine(restatements)
    hasher.combine(deliveries)
  }

  /// Whether every currency reconciles exactly.
  public var balances: Bool { reconciliation.allSatisfy(\.balances) }

  /// The spend of one component.
  public func spend(of reference: ComponentReference) -> ComponentSpend? {
    components.first { $0.reference == reference }
  }
}
