/// Which kind of cost export a CSV file is, told by its header.
public enum ExportFlavor: String, Sendable, Hashable, CaseIterable {
  /// FOCUS 1.0–1.2 (`ChargePeriodStart`, `BilledCost`, …), the caller in `x_IamPrincipal`.
  case focus
  /// AWS CUR 2.0 (`line_item_usage_start_date`, …), the caller in `line_item_iam_principal`.
  case cur2 = "cur-2.0"

  /// The flavour whose marker column the header holds (compared case-insensitively):
  /// `ChargePeriodStart` for FOCUS, `line_item_usage_start_date` for CUR 2.0.
  public static func detect(header: [String]) -> ExportFlavor? {
    let names = Set(header.map { $0.lowercased() })
    if names.contains("chargeperiodstart") { return .focus }
    if names.contains("line_item_usage_start_date") { return .cur2 }
    return nil
  }
}
