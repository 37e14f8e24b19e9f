import FinOpsCore

/// Decodes `pricing/catalog.yml`, reporting every problem with a `pricing.` rule id at its
/// position.
///
/// The format, in the order `PriceCatalogEncoder` writes it:
///
/// ```yaml
/// currency: USD                    # required: ISO 4217, the same as finops.yml's
/// names:                           # optional: Price List names -> model IDs (PriceListName)
///   - price_list: Claude Sonnet 4.5
///     meter: Cross-region global   # optional: absent for the standard meter
///     model: global.anthropic.claude-sonnet-4-5-20250929-v1:0
///     regions: [us-east-1]         # optional: absent for every Region
/// prices:                          # required: one entry per model and Region
///   - model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
///     region: us-east-1
///     unit: 1M tokens              # 1K tokens or 1M tokens
///     input: 3.30                  # price of one unit of input tokens, >= 0
///     output: 16.50                # price of one unit of output tokens, >= 0
///     source: AmazonBedrockFoundationModels 20260901000000   # optional provenance
/// ```
///
/// Rules: `pricing.yaml.*` and `pricing.schema.*` as for finops.yml, `pricing.duplicate` for a
/// model and Region priced twice or a name rule written twice, `pricing.currency` when the
/// currency differs from the expected one.
public enum PriceCatalogDecoder {
  /// The keys of the file.
  static let topFields = ["currency", "names", "prices"]
  /// The keys of one price.
  static let entryFields = ["model", "region", "unit", "input", "output", "source"]
  /// The keys of one name rule.
  static let nameFields = ["price_list", "meter", "model", "regions"]

  /// Decodes the text of a catalog file found at the repository-relative `path`.
  ///
  /// The catalog is nil when any error prevents a usable one; `expectedCurrency` (finops.yml's
  /// `currency`) adds a `pricing.currency` error when the catalog is priced in another.
  public static func decode(path: String, text: String, expectedCurrency: String? = nil)
    -> (catalog: PriceCatalog?, diagnostics: [Diagnostic])
  {
    var reader = NodeReader(path: path, yamlFirstLine: 1, rulePrefix: "pricing.")
    var yaml = text
    if yaml.hasPrefix("\u{FEFF}") { yaml.removeFirst() }
    guard let root = reader.compose(yaml) else {
      if reader.diagnostics.isEmpty {
        reader.error(
          nil, "schema.missing-field",
          "the price catalog is empty; it needs 'currency' and 'prices'")
      }
      return (nil, reader.diagnostics)
    }
    let catalog = reader.pricingCatalog(root, expectedCurrency: expectedCurrency)
    return (reader.diagnostics.hasErrors ? nil : catalog, reader.diagnostics)
  }
}

extension NodeReader {
  fileprivate mutating func pricingCatalog(_ root: YAMLNode, expectedCurrency: String?)
    -> PriceCatalog?
  {
    guard
      let fields = fields(
        root, known: PriceCatalogDecoder.topFields, required: ["currency", "prices"],
        what: "the price catalog")
    else { return nil }
    let currency = parsed(
      fields["currency"], "currency", expected: "a three-letter ISO 4217 code such as USD"
    ) { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } ? $0 : nil }
    if let currency, let expectedCurrency, currency != expectedCurrency {
      error(
        fields["currency"], "currency",
        "the price catalog is in \(currency) but finops.yml's currency is \(expectedCurrency); "
          + "estimates and budgets must be in one currency")
    }
    var names: [PriceListName] = []
    if let node = fields["names"] { names = pricingNames(node) }
    var entries: [PriceEntry]?
    if let node = fields["prices"] { entries = pricingEntries(node) }
    guard let currency, let entries else { return nil }
    return PriceCatalog(currency: currency, entries: entries, names: names)
  }

  fileprivate mutating func pricingEntries(_ node: YAMLNode) -> [PriceEntry]? {
    guard let items = list(node, what: "prices") else { return nil }
    var entries: [PriceEntry] = []
    var seen: [PriceEntry.Key: SourceLocation] = [:]
    for item in items {
      guard
        let fields = fields(
          item, known: PriceCatalogDecoder.entryFields,
          required: ["model", "region", "unit", "input", "output"], what: "a price")
      else { continue }
      let model = string(fields["model"], "model")
      let region = pricingRegion(fields["region"], "region")
      let unit = value(fields["unit"], "unit", as: PriceUnit.self)
      let input = pricingPrice(fields["input"], "input")
      let output = pricingPrice(fields["output"], "output")
      let source = string(fields["source"], "source")
      guard let model, let region else { continue }
      let key = PriceEntry.Key(model: model, region: region)
      if let earlier = seen[key] {
        error(
          fields["model"], "duplicate",
          "\(key) is already priced on line \(earlier.line); list each model and Region once")
        continue
      }
      seen[key] = location(fields["model"])
      guard let unit, let input, let output else { continue }
      entries.append(
        PriceEntry(
          model: model, region: region, unit: unit, input: input, output: output, source: source))
    }
    return entries
  }

  fileprivate mutating func pricingNames(_ node: YAMLNode) -> [PriceListName] {
    guard let items = list(node, what: "names") else { return [] }
    var names: [PriceListName] = []
    var seen: [PriceListName: SourceLocation] = [:]
    for item in items {
      guard
        let fields = fields(
          item, known: PriceCatalogDecoder.nameFields,
          required: ["price_list", "model"], what: "a name")
      else { continue }
      let priceList = string(fields["price_list"], "price_list")
      let meter = pricingMeter(fields["meter"])
      let model = string(fields["model"], "model")
      var regions: [String]?
      if let regionsNode = fields["regions"],
        let regionItems = list(regionsNode, what: "regions")
      {
        var found: [String] = []
        for regionItem in regionItems {
          if let region = pricingRegion(regionItem, "regions") { found.append(region) }
        }
        regions = found
        if regionItems.isEmpty {
          error(
            regionsNode, "schema.type",
            "'regions' is empty, so the name would never apply; omit it to apply in every Region")
        }
      }
      guard let priceList, let model else { continue }
      let name = PriceListName(priceList: priceList, meter: meter, model: model, regions: regions)
      if let earlier = seen[name] {
        error(
          item, "duplicate",
          "the name '\(name.argument)' is already listed on line \(earlier.line); list it once")
        continue
      }
      seen[name] = location(item)
      names.append(name)
    }
    return names
  }

  /// A meter: the inferenceType without its direction, so it must not end in a direction.
  fileprivate mutating func pricingMeter(_ node: YAMLNode?) -> String? {
    guard let text = string(node, "meter") else { return nil }
    let lowered = text.lowercased()
    for direction in ["input tokens", "output tokens"] where lowered.hasSuffix(direction) {
      let prefix = String(text.dropLast(direction.count)).trimmingSuffixSpaces
      error(
        node, "schema.format",
        "'meter' is '\(text)', which names one direction; write the part before '\(direction)'"
          + (prefix.isEmpty ? " or omit 'meter' for the standard meter" : ": '\(prefix)'"))
      return nil
    }
    return text
  }

  fileprivate mutating func pricingRegion(_ node: YAMLNode?, _ name: String) -> String? {
    parsed(node, name, expected: "an AWS Region code such as us-east-1") {
      Identifiers.isRegion($0) ? $0 : nil
    }
  }

  /// A price per unit: an exact decimal, zero or more.
  fileprivate mutating func pricingPrice(_ node: YAMLNode?, _ name: String) -> Money? {
    guard let amount = money(node, name) else { return nil }
    if amount < .zero {
      error(node, "schema.format", "'\(name)' is '\(amount.canonical)', which is below zero")
      return nil
    }
    return amount
  }
}

extension String {
  fileprivate var trimmingSuffixSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
