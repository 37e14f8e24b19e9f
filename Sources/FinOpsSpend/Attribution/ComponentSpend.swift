import FinOpsCore

/// Everything attributed to one component that has a role, week by week.
public struct ComponentSpend: Sendable, Hashable {
  /// The component, its role and its attribution window.
  public var binding: RoleBinding
  /// Effective cost attributed, per currency.
  public var totals: [CurrencyAmount]
  /// The weeks with attributed rows, by week then currency.
  public var weeks: [WeekSpend]

  /// Creates a component's spend.
  public init(binding: RoleBinding, totals: [CurrencyAmount], weeks: [WeekSpend]) {
    self.binding = binding
    self.totals = totals
    self.weeks = weeks
  }

  /// The component.
  public var reference: ComponentReference { binding.reference }
}
