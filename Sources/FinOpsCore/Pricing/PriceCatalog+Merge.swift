extension PriceCatalog {
  /// The catalog with imported `entries` merged in, in canonical order.
  ///
  /// An entry for a model and Region the catalog lacks is added. An entry for one it has
  /// replaces it, unless the price is the same (same unit, input and output), in which case the
  /// existing entry is kept as it is, source included, so that re-importing an unchanged price
  /// list rewrites no line. Entries the import does not mention are kept. When `entries` names
  /// one model and Region twice, the later one wins. The currency and names are kept.
  public static func merge(_ catalog: PriceCatalog, with entries: [PriceEntry]) -> PriceCatalog {
    var merged = catalog
    var index: [PriceEntry.Key: Int] = [:]
    for (position, entry) in catalog.entries.enumerated() where index[entry.key] == nil {
      index[entry.key] = position
    }
    for entry in entries {
      if let position = index[entry.key] {
        if !merged.entries[position].hasSamePrice(as: entry) { merged.entries[position] = entry }
      } else {
        index[entry.key] = merged.entries.count
        merged.entries.append(entry)
      }
    }
    return merged.canonical
  }
}
