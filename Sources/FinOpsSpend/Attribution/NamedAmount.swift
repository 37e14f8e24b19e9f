import FinOpsCore

/// An amount spent on something named: a model, a meter.
public struct NamedAmount: Sendable, Hashable {
  /// The model or meter.
  public var name: String
  /// The exact amount.
  public var amount: Money

  /// Creates a named amount.
  public init(name: String, amount: Money) {
    self.name = name
    self.amount = amount
  }

  /// Sums by name, largest first (ties by name), keeping at most `limit`.
  public static func top(_ amounts: [String: Money], limit: Int = .max) -> [NamedAmount] {
    let sorted = amounts.map { NamedAmount(name: $0.key, amount: $0.value) }
      .sorted { ($1.amount, $0.name) < ($0.amount, $1.name) }
    return sorted.count <= limit ? sorted : Array(sorted.prefix(limit))
  }
}
