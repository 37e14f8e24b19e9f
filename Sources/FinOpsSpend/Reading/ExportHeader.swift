import FinOpsCore

/// A cost export's header row, understood: its flavour and the column index of every field.
public struct ExportHeader: Sendable, Hashable {
  /// FOCUS or CUR 2.0.
  public var flavor: ExportFlavor
  /// How many columns every row must have.
  public var columnCount: Int
  /// The column index of each field the file has.
  public var columns: [ExportField: Int]
  /// The header's own names, in order, for messages.
  public var names: [String]

  /// Creates a header.
  public init(flavor: ExportFlavor, columnCount: Int, columns: [ExportField: Int], names: [String])
  {
    self.flavor = flavor
    self.columnCount = columnCount
    self.columns = columns
    self.names = names
  }

  /// Understands the header row of the file at `path`: the flavour, the columns found, and
  /// problems (`spend.header`): an unknown flavour or a missing required column make the header
  /// nil; a missing caller column is a warning (every row will be unattributed).
  public static func parse(_ names: [String], path: String) -> (ExportHeader?, [Diagnostic]) {
    let location = SourceLocation(path: path, line: 1, column: 1)
    var names = names
    if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
    guard let flavor = ExportFlavor.detect(header: names) else {
      let legacy = names.contains { $0.hasPrefix("lineItem/") }
      let message =
        legacy
        ? "this is a legacy CUR header (lineItem/…); export CUR 2.0 or FOCUS instead"
        : "the header names neither a FOCUS export (ChargePeriodStart, …) nor a CUR 2.0 export "
          + "(line_item_usage_start_date, …)"
      return (nil, [.error(location, rule: "spend.header", message)])
    }
    var index: [String: Int] = [:]
    for (offset, name) in names.enumerated() where index[name.lowercased()] == nil {
      index[name.lowercased()] = offset
    }
    var columns: [ExportField: Int] = [:]
    var missing: [String] = []
    for field in ExportField.allCases {
      let candidates = field.columns(flavor)
      if let found = candidates.lazy.compactMap({ index[$0.lowercased()] }).first {
        columns[field] = found
      } else if field.isRequired(flavor), let name = candidates.first {
        missing.append(name)
      }
    }
    guard missing.isEmpty else {
      let list = missing.joined(separator: ", ")
      return (
        nil,
        [
          .error(
            location, rule: "spend.header",
            "the \(flavor.rawValue) export lacks the required "
              + "column\(missing.count > 1 ? "s" : "") \(list)"
          )
        ]
      )
    }
    var diagnostics: [Diagnostic] = []
    if columns[.principal] == nil, let name = ExportField.principal.columns(flavor).first {
      diagnostics.append(
        .warning(
          location, rule: "spend.header",
          "no \(name) column: every row of this file is unattributed",
          notes: [
            flavor == .cur2
              ? "enable \"Include caller identity (IAM principal) allocation data\" "
                + "on the CUR 2.0 export"
              : "copy line_item_iam_principal from CUR 2.0 into x_IamPrincipal"
          ]))
    }
    return (
      ExportHeader(flavor: flavor, columnCount: names.count, columns: columns, names: names),
      diagnostics
    )
  }
}
