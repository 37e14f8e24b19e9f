/// What a cost row is, in FOCUS's `ChargeCategory` terms; CUR 2.0 line item types map onto it.
public enum ChargeCategory: String, Sendable, Hashable, CaseIterable, Comparable {
  /// Consumption of a service.
  case usage = "Usage"
  /// A purchase, such as a fee or commitment.
  case purchase = "Purchase"
  /// Tax.
  case tax = "Tax"
  /// A credit or refund.
  case credit = "Credit"
  /// A discount or other adjustment.
  case adjustment = "Adjustment"

  /// Reads a FOCUS `ChargeCategory` (exact spelling, case-insensitive).
  public init?(focus text: String) {
    guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
    else { return nil }
    self = match
  }

  /// Maps a CUR 2.0 `line_item_line_item_type` onto a FOCUS category.
  ///
  /// `Usage`, `DiscountedUsage`, `SavingsPlanCoveredUsage` → Usage; `Tax` → Tax; `Credit`,
  /// `Refund` → Credit; `Fee`, `RIFee`, `SavingsPlanRecurringFee`, `SavingsPlanUpfrontFee` →
  /// Purchase; `BundledDiscount`, `EdpDiscount`, `PrivateRateDiscount`, `DistributorDiscount`,
  /// `SppDiscount`, `SavingsPlanNegation` → Adjustment. Anything else is nil (a diagnostic).
  public init?(curLineItemType text: String) {
    switch text {
    case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage": self = .usage
    case "Tax": self = .tax
    case "Credit", "Refund": self = .credit
    case "Fee", "RIFee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee": self = .purchase
    case "BundledDiscount", "EdpDiscount", "PrivateRateDiscount", "DistributorDiscount",
      "SppDiscount", "SavingsPlanNegation":
      self = .adjustment
    default: return nil
    }
  }

  /// Orders in declaration order.
  public static func < (lhs: ChargeCategory, rhs: ChargeCategory) -> Bool {
    let order = allCases
    return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
  }
}
