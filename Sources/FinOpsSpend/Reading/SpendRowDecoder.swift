import FinOpsCore
import Foundation

/// Turns the CSV records of one export into `SpendRecord`s or diagnostics, row by row; pure.
///
/// Rules (each a `Diagnostic` with the file, line and column):
/// - `spend.row`: the row breaks RFC 4180, or has another number of fields than the header;
/// - `spend.date`: a charge period start or end that is not an ISO 8601 date-time, or an end
///   before the start;
/// - `spend.amount`: a cost or quantity that is not an exact decimal;
/// - `spend.currency`: a currency that is not three capital letters;
/// - `spend.category`: a charge category FOCUS (or CUR 2.0's line item type) does not define.
///
/// Empty optional fields are nil. An empty effective cost (CUR without net unblended cost) falls
/// back to the billed cost.
public struct SpendRowDecoder: Sendable {
  /// The file's header.
  public let header: ExportHeader
  /// The file's repository-relative path, for locations.
  public let path: String
  private var strings = ByteInterner()
  private var categories: [String: ChargeCategory] = [:]
  private var lastCategory: (raw: String, category: ChargeCategory)?
  private let column: [Int]
  // The rows of an export come in runs of one charge period and one billing period.
  private var starts = TimestampMemo()
  private var ends = TimestampMemo()
  private var billingPeriods = TimestampMemo()

  /// Creates a decoder for the rows under `header` in the file at `path`.
  public init(header: ExportHeader, path: String) {
    self.header = header
    self.path = path
    column = ExportField.allCases.map { header.columns[$0] ?? -1 }
  }

  /// Decodes one record.
  public mutating func decode(_ record: CSVRecord) -> Result<SpendRecord, Diagnostic> {
    var decoded: SpendRecord?
    if let problem = decode(record, into: { decoded = $0 }) { return .failure(problem) }
    guard let decoded else { preconditionFailure("a row that neither decoded nor failed") }
    return .success(decoded)
  }

  /// Decodes one record and hands it to `sink`, or returns why it does not decode. The record
  /// is moved, never copied: a copy retains every string in it.
  public mutating func decode(
    _ record: CSVRecord, into sink: (consuming SpendRecord) -> Void
  ) -> Diagnostic? {
    if let problem = record.problem {
      return .error(
        SourceLocation(path: path, line: record.line, column: 1), rule: "spend.row",
        "malformed CSV: \(problem)")
    }
    guard record.count == header.columnCount else {
      return .error(
        SourceLocation(path: path, line: record.line, column: 1), rule: "spend.row",
        "the row has \(record.count) field\(record.count == 1 ? "" : "s"); "
          + "the header has \(header.columnCount)"
      )
    }
    return record.withBytes { buffer in
      decode(record, buffer, into: sink)
    }
  }

  private mutating func decode(
    _ record: CSVRecord, _ buffer: UnsafeBufferPointer<UInt8>,
    into sink: (consuming SpendRecord) -> Void
  ) -> Diagnostic? {
    func field(_ name: ExportField) -> UnsafeBufferPointer<UInt8>? {
      let index = column[name.slot]
      guard index >= 0 else { return nil }
      let range = record.range(index)
      return UnsafeBufferPointer(rebasing: buffer[range])
    }
    func location(_ name: ExportField) -> SourceLocation {
      guard let start = record.start(column[name.slot]) else {
        return SourceLocation(path: path, line: record.line, column: 1)
      }
      return SourceLocation(path: path, line: start.line, column: start.column)
    }
    func text(_ name: ExportField) -> String {
      guard let bytes = field(name) else { return "" }
      return String(decoding: bytes, as: UTF8.self)
    }
    func columnName(_ name: ExportField) -> String {
      let index = column[name.slot]
      return index >= 0 && index < header.names.count ? header.names[index] : name.rawValue
    }
    func failure(_ name: ExportField, _ rule: String, _ message: String) -> Diagnostic {
      .error(location(name), rule: rule, message)
    }

    // Times.
    guard let startBytes = field(.chargePeriodStart), let start = starts.timestamp(startBytes)
    else {
      return failure(
        .chargePeriodStart, "spend.date",
        "\(columnName(.chargePeriodStart)) '\(text(.chargePeriodStart))' "
          + "is not an ISO 8601 date-time such as 2026-10-05T00:00:00Z"
      )
    }
    guard let endBytes = field(.chargePeriodEnd), let end = ends.timestamp(endBytes) else {
      return failure(
        .chargePeriodEnd, "spend.date",
        "\(columnName(.chargePeriodEnd)) '\(text(.chargePeriodEnd))' "
          + "is not an ISO 8601 date-time such as 2026-10-06T00:00:00Z"
      )
    }
    guard start <= end else {
      return failure(
        .chargePeriodEnd, "spend.date",
        "the charge period ends (\(end)) before it starts (\(start))")
    }
    var billingPeriod: Day?
    if let bytes = field(.billingPeriodStart), !bytes.isEmpty {
      guard let value = billingPeriods.timestamp(bytes) else {
        return failure(
          .billingPeriodStart, "spend.date",
          "\(columnName(.billingPeriodStart)) '\(text(.billingPeriodStart))' "
            + "is not an ISO 8601 date"
        )
      }
      billingPeriod = value.day
    }

    // Money.
    func amount(_ name: ExportField, required: Bool) -> Result<FieldParser.Amount?, Diagnostic> {
      guard let bytes = field(name), !bytes.isEmpty else {
        if required {
          return .failure(
            .error(
              location(name), rule: "spend.amount",
              "\(columnName(name)) is empty; it must be an exact decimal such as 12.50"))
        }
        return .success(nil)
      }
      guard let parsed = FieldParser.amount(bytes) else {
        return .failure(
          .error(
            location(name), rule: "spend.amount",
            "\(columnName(name)) '\(text(name))' is not an exact decimal such as 12.50"))
      }
      return .success(parsed)
    }
    let billed: FieldParser.Amount
    switch amount(.billedCost, required: true) {
    case .failure(let diagnostic): return diagnostic
    case .success(let value): billed = value ?? .units(0, significand: 0, scale: 0, negative: false)
    }
    let effective: FieldParser.Amount
    switch amount(.effectiveCost, required: header.flavor == .focus) {
    case .failure(let diagnostic): return diagnostic
    case .success(let value): effective = value ?? billed
    }
    let list: Money?
    switch amount(.listCost, required: false) {
    case .failure(let diagnostic): return diagnostic
    case .success(let value): list = value.map { Money($0.value) }
    }
    // Whole units, the common case, make no `Decimal` (see `SpendRecord.Costs`).
    let costs: SpendRecord.Costs
    if let billedUnits = billed.units, let effectiveUnits = effective.units {
      costs = SpendRecord.Costs(FixedCosts(effective: effectiveUnits, billed: billedUnits))
    } else {
      costs = SpendRecord.Costs(billed: Money(billed.value), effective: Money(effective.value))
    }
    var quantity: FieldParser.Amount?
    if let bytes = field(.quantity), !bytes.isEmpty {
      guard let value = FieldParser.amount(bytes) else {
        return failure(
          .quantity, "spend.amount",
          "\(columnName(.quantity)) '\(text(.quantity))' is not an exact decimal")
      }
      quantity = value
    }
    guard let currencyBytes = field(.currency), FieldParser.isCurrencyCode(currencyBytes) else {
      return failure(
        .currency, "spend.currency",
        "\(columnName(.currency)) '\(text(.currency))' "
          + "is not an ISO 4217 code of three capital letters such as USD"
      )
    }
    let currency = strings.string(currencyBytes)

    // Category.
    var category = ChargeCategory.usage
    if let bytes = field(.chargeCategory), !bytes.isEmpty {
      let raw = strings.string(bytes)
      if let last = lastCategory, last.raw == raw {
        // Rows of one category come in runs: no hashing for them.
        category = last.category
      } else if let known = categories[raw] {
        category = known
        lastCategory = (raw, known)
      } else {
        let parsed =
          header.flavor == .focus
          ? ChargeCategory(focus: raw) : ChargeCategory(curLineItemType: raw)
        guard let parsed else {
          let allowed =
            header.flavor == .focus
            ? "Usage, Purchase, Tax, Credit or Adjustment"
            : "a CUR 2.0 line item type such as Usage, Tax, Credit, Refund, Fee "
              + "or SavingsPlanNegation"
          return failure(
            .chargeCategory, "spend.category",
            "\(columnName(.chargeCategory)) '\(raw)' is not \(allowed)")
        }
        categories[raw] = parsed
        category = parsed
      }
    }
    var correction = false
    if let bytes = field(.chargeClass), !bytes.isEmpty {
      correction = strings.string(bytes).lowercased() == "correction"
    }

    func optional(_ name: ExportField) -> String? {
      guard let bytes = field(name), !bytes.isEmpty else { return nil }
      return strings.string(bytes)
    }
    let decoded = SpendRecord(
      location: SourceLocation(path: path, line: record.line, column: 1),
      chargePeriodStart: start, chargePeriodEnd: end, billingPeriodStart: billingPeriod,
      costs: costs, listCost: list, currency: currency, chargeCategory: category,
      isCorrection: correction, serviceName: optional(.serviceName), account: optional(.account),
      region: optional(.region), meter: optional(.meter), quantity: quantity,
      resourceId: optional(.resourceId), tags: optional(.tags), principal: optional(.principal))
    // Moved explicitly: passed straight from the initializer, the record was copied first.
    sink(consume decoded)
    return nil
  }
}

/// The last time read from one field and what it parsed to: a field equal to it, compared a
/// word at a time, is not parsed again.
struct TimestampMemo: Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
  /// The length of the field held; 0 while none is.
  private var count = 0
  private var value: Timestamp?

  /// `FieldParser.timestamp(field)`.
  mutating func timestamp(_ field: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    let count = field.count
    guard count >= 8, count <= 32, let base = field.baseAddress else { return FieldParser.timestamp(field) }
    let raw = UnsafeRawPointer(base)
    func word(_ offset: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
    // Four words that together cover every byte of a field of 8 to 32 bytes.
    let words = (word(0), word(min(8, count - 8)), word(max(count - 16, 0)), word(count - 8))
    if count == self.count, words == self.words { return value }
    value = FieldParser.timestamp(field)
    self.words = words
    self.count = count
    return value
  }
}
