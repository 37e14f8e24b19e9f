import FinOpsCore

/// An amount in a currency.
public struct CurrencyAmount: Sendable, Hashable, Comparable {
  /// The ISO 4217 code.
  public var currency: String
  /// The exact amount.
  public var amount: Money

  /// Creates an amount.
  public init(currency: String, amount: Money) {
    self.currency = currency
    self.amount = amount
  }

  /// Orders by currency, then amount.
  public static func < (lhs: CurrencyAmount, rhs: CurrencyAmount) -> Bool {
    (lhs.currency, lhs.amount) < (rhs.currency, rhs.amount)
  }

  /// One amount per currency, summed, sorted by currency.
  public static func totals(_ amounts: some Sequence<CurrencyAmount>) -> [CurrencyAmount] {
    var sums: [String: Money] = [:]
    for item in amounts { sums[item.currency, default: .zero] += item.amount }
    return sums.map { CurrencyAmount(currency: $0.key, amount: $0.value) }.sorted()
  }
}
