/// Which export delivery a file belongs to, and the restatement rule built on it.
///
/// Cost exports are restated: AWS rewrites the current (and sometimes the previous) month's
/// files on every delivery, so a later export of the same period holds the whole period again,
/// corrected. Adding both would count the period twice. The rule:
///
/// 1. A file's **delivery** is its repository-relative path without the `.csv`/`.csv.gz`
///    extension and without a trailing five-digit part number (`-00001`), so the parts of one
///    split export (`focus-2026-11-20261123-00001.csv.gz`, `…-00002.csv.gz`) are one delivery.
/// 2. Deliveries are ordered by that name, so name exports with a sortable date
///    (`spend/2026-11/focus-2026-11-20261123.csv`): a later name is a later delivery.
/// 3. Rows are grouped by **restatement key** = (billing period start, account): FOCUS
///    `BillingPeriodStart` (CUR `bill_billing_period_start_date`, else the month the charge
///    starts in) and `SubAccountId` (CUR `line_item_usage_account_id`, empty when absent).
/// 4. For each key, only the rows of the latest delivery holding that key count; the rows of
///    earlier deliveries for the same key are replaced (reported in `SpendLedger.restatements`),
///    not added. Keys a later delivery does not hold keep their earlier rows.
///
/// A FOCUS correction row (`ChargeClass` = `Correction`) belongs to the billing period it is
/// invoiced in, so it adds to that period like any other row.
public enum Delivery {
  /// The delivery a file at `path` belongs to.
  public static func id(forPath path: String) -> String {
    var name = Substring(path)
    for suffix in [".csv.gz", ".csv"] where name.lowercased().hasSuffix(suffix) {
      name = name.dropLast(suffix.count)
      break
    }
    let bytes = Array(name.utf8)
    if bytes.count > 6, bytes[bytes.count - 6] == UInt8(ascii: "-"),
      bytes[(bytes.count - 5)...].allSatisfy({ (48...57).contains($0) })
    {
      name = name.dropLast(6)
    }
    return String(name)
  }
}
