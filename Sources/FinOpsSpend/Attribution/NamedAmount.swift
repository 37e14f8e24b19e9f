import FinOpsCore

/// An amount spent on something named: a model, a meter.
///
/// A year of spend holds hundreds of thousands of these (every week's models and meters): the
/// amount is kept as a whole number of `FixedSum` units (8 bytes where a `Decimal` takes 20)
/// when it is one, and as it is otherwise.
public struct NamedAmount: Sendable, Hashable {
  /// The model or meter.
  public var name: String
  private var units: Int64
  private var exact: Exact?

  /// An amount units cannot hold.
  private final class Exact: Sendable, Hashable {
    let money: Money
    init(_ money: Money) { self.money = money }
    static func == (lhs: Exact, rhs: Exact) -> Bool { lhs.money == rhs.money }
    func hash(into hasher: inout Hasher) { hasher.combine(money) }
  }

  /// The exact amount.
  public var amount: Money {
    get { exact?.money ?? FixedSum.money(units) }
    set { (units, exact) = Self.stored(newValue) }
  }

  /// The amount in `FixedSum` units, when it is kept as such.
  var wholeUnits: Int64? { exact == nil ? units : nil }

  /// Creates a named amount.
  public init(name: String, amount: Money) {
    self.name = name
    (units, exact) = Self.stored(amount)
  }

  /// A named sum, kept in its units when it has nothing else (without making its `Money`,
  /// which a ledger did for every week's models and meters only to take the units back out).
  init(name: String, sum: FixedSum) {
    self.name = name
    if let units = sum.wholeUnits {
      (self.units, exact) = (units, nil)
    } else {
      (units, exact) = Self.stored(sum.money)
    }
  }

  private static func stored(_ amount: Money) -> (Int64, Exact?) {
    if let units = FixedSum.units(of: amount) { return (units, nil) }
    return (0, Exact(amount))
  }

  /// Whether `self` comes before `other` in `top`: the larger amount first, then by name.
  private func precedes(_ other: NamedAmount) -> Bool {
    if exact == nil, other.exact == nil {
      return units != other.units ? units > other.units : name < other.name
    }
    return (other.amount, name) < (amount, other.name)
  }

  /// Sums by name, largest first (ties by name), keeping at most `limit`.
  public static func top(_ amounts: [String: Money], limit: Int = .max) -> [NamedAmount] {
    top(amounts.map { NamedAmount(name: $0.key, amount: $0.value) }, limit: limit)
  }

  /// `top(_:limit:)` of sums each under a name of its own.
  static func top(_ sums: ArraySlice<(name: String, sum: FixedSum)>, limit: Int = .max)
    -> [NamedAmount]
  {
    top(sums.map { NamedAmount(name: $0.name, sum: $0.sum) }, limit: limit)
  }

  /// The amounts sorted in place (a week's one or two models and meters: sorting a copy made a
  /// second array for each list of a year of weeks).
  private static func top(_ amounts: consuming [NamedAmount], limit: Int) -> [NamedAmount] {
    var sorted = amounts
    if sorted.count > 1 { sorted.sort { $0.precedes($1) } }
    return sorted.count <= limit ? sorted : Array(sorted.prefix(limit))
  }
}
