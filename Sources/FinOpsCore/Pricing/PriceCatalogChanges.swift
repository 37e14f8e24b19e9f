/// What merging imported prices into a catalog changes, for the command line to print before
/// it writes: prices added, prices changed (with the old and new entry) and prices confirmed.
///
/// It classifies exactly as `PriceCatalog.merge(_:with:)` applies: a change is a different unit,
/// input or output price; a different source alone is not.
public struct PriceCatalogChanges: Sendable, Hashable {
  /// One price that the import replaces.
  public struct Change: Sendable, Hashable {
    /// The entry in the catalog before the import.
    public var before: PriceEntry
    /// The imported entry that replaces it.
    public var after: PriceEntry

    /// Creates a change.
    public init(before: PriceEntry, after: PriceEntry) {
      self.before = before
      self.after = after
    }
  }

  /// Imported prices for a model and Region the catalog had none for, in canonical order.
  public var added: [PriceEntry]
  /// Imported prices that differ from the catalog's, in canonical order.
  public var changed: [Change]
  /// Imported prices equal to the catalog's (kept as they were), in canonical order.
  public var unchanged: [PriceEntry]
  /// How many catalog entries the import did not mention (kept as they were).
  public var untouched: Int

  /// Compares `catalog` with the `entries` an import would merge into it.
  public init(from catalog: PriceCatalog, merging entries: [PriceEntry]) {
    var latest: [PriceEntry.Key: PriceEntry] = [:]
    for entry in entries { latest[entry.key] = entry }
    var existing: [PriceEntry.Key: PriceEntry] = [:]
    for entry in catalog.entries where existing[entry.key] == nil { existing[entry.key] = entry }
    var added: [PriceEntry] = []
    var changed: [Change] = []
    var unchanged: [PriceEntry] = []
    for key in latest.keys.sorted() {
      guard let entry = latest[key] else { continue }
      if let before = existing[key] {
        if before.hasSamePrice(as: entry) {
          unchanged.append(before)
        } else {
          changed.append(Change(before: before, after: entry))
        }
      } else {
        added.append(entry)
      }
    }
    self.added = added
    self.changed = changed
    self.unchanged = unchanged
    untouched = existing.keys.filter { latest[$0] == nil }.count
  }

  /// Whether the import would leave every price as it is.
  public var isEmpty: Bool { added.isEmpty && changed.isEmpty }

  /// `2 added, 1 changed, 10 unchanged, 30 not in the import`.
  public var summary: String {
    "\(added.count) added, \(changed.count) changed, \(unchanged.count) unchanged, "
      + "\(untouched) not in the import"
  }

  /// One line per added or changed price, canonical order:
  /// `+ amazon.nova-lite-v1:0 us-east-1: 0.00006 / 0.00024 per 1K tokens` and
  /// `~ anthropic.claude-sonnet-4-5-20250929-v1:0 us-east-1: 3.00 / 15.00 per 1M tokens -> 3.30 /
  /// 16.50 per 1M tokens`, input price first.
  public var lines: [String] {
    var rows: [(PriceEntry.Key, String)] = added.map {
      ($0.key, "+ \(Self.label($0)): \(Self.price($0))")
    }
    rows += changed.map { change in
      (
        change.after.key,
        "~ \(Self.label(change.after)): \(Self.price(change.before)) -> \(Self.price(change.after))"
      )
    }
    return rows.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// `model region`.
  static func label(_ entry: PriceEntry) -> String { "\(entry.model) \(entry.region)" }

  /// `input / output per unit`.
  static func price(_ entry: PriceEntry) -> String {
    "\(entry.input.canonical) / \(entry.output.canonical) per \(entry.unit.rawValue)"
  }
}
