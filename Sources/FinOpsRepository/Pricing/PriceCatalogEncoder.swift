import FinOpsCore

/// Writes `pricing/catalog.yml` canonically: a fixed header, keys in a fixed order, names and
/// prices in canonical order, prices in their shortest exact form with at least two fraction
/// digits. A file written this way reads back and writes out byte for byte, so an import that
/// changes one price changes one line.
public enum PriceCatalogEncoder {
  /// The comment the file starts with; the decoder skips it like any comment.
  public static let header = """
    # Model prices for the FinOps Lead's confirmed estimate, per unit of input and output tokens.
    # Written by finops: keys and entries are kept in a fixed order and other comments are dropped.

    """

  /// The whole file, ending in a newline.
  public static func yaml(_ catalog: PriceCatalog) -> String {
    let catalog = catalog.canonical
    var out = header
    out += "currency: " + YAMLScalar.string(catalog.currency, indent: 0) + "\n"
    if !catalog.names.isEmpty {
      out += "names:\n"
      for name in catalog.names {
        out += "  - price_list: " + YAMLScalar.string(name.priceList, indent: 4) + "\n"
        if let meter = name.meter {
          out += "    meter: " + YAMLScalar.string(meter, indent: 4) + "\n"
        }
        out += "    model: " + YAMLScalar.string(name.model, indent: 4) + "\n"
        if let regions = name.regions { out += "    regions: " + flowList(regions) + "\n" }
      }
    }
    if catalog.entries.isEmpty {
      out += "prices: []\n"
      return out
    }
    out += "prices:\n"
    for entry in catalog.entries {
      out += "  - model: " + YAMLScalar.string(entry.model, indent: 4) + "\n"
      out += "    region: " + YAMLScalar.string(entry.region, indent: 4) + "\n"
      out += "    unit: " + entry.unit.rawValue + "\n"
      out += "    input: " + entry.input.canonical + "\n"
      out += "    output: " + entry.output.canonical + "\n"
      if let source = entry.source {
        out += "    source: " + YAMLScalar.string(source, indent: 4) + "\n"
      }
    }
    return out
  }

  /// `[a, b]`, quoting an item that a flow list would misread.
  static func flowList(_ items: [String]) -> String {
    let written = items.map { item in
      YAMLScalar.isPlainSafe(item) && !item.contains(where: { ",[]{}".contains($0) })
        ? item : YAMLScalar.quoted(item)
    }
    return "[" + written.joined(separator: ", ") + "]"
  }
}
