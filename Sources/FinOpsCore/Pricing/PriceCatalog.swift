/// The model price catalog (`pricing/catalog.yml`): the on-demand prices the FinOps Lead's
/// confirmed estimate is computed from, and the names that map AWS Price List models to IDs.
///
/// A catalog holds at most one entry per model and Region. Its canonical order, the order the
/// file is written in, is by model, then Region.
public struct PriceCatalog: Sendable, Hashable {
  /// The ISO 4217 code every price is in; the same as `finops.yml`'s `currency`.
  public var currency: String
  /// The prices, one per model and Region.
  public var entries: [PriceEntry]
  /// How `OfferFileImporter` turns the Price List's model names into model IDs.
  public var names: [PriceListName]

  /// Creates a catalog.
  public init(currency: String, entries: [PriceEntry], names: [PriceListName] = []) {
    self.currency = currency
    self.entries = entries
    self.names = names
  }

  /// The price of `model` (a model or inference-profile ID, exactly as the approval names it)
  /// when called in `region`; nil when the catalog has none.
  public func price(model: String, region: String) -> PriceEntry? {
    entries.first { $0.model == model && $0.region == region }
  }

  /// The confirmed monthly estimate for the token volumes, rounded half-even to cents; nil when
  /// the catalog has no price for the model in the Region.
  public func monthlyEstimate(
    model: String, region: String, inputTokens: Int, outputTokens: Int
  ) -> Money? {
    price(model: model, region: region)?
      .monthlyCost(inputTokens: inputTokens, outputTokens: outputTokens)
  }

  /// The Regions that have a price for `model`, sorted.
  public func regions(for model: String) -> [String] {
    entries.filter { $0.model == model }.map(\.region).sorted()
  }

  /// The models of `models` that have no price in any of `regions`, in the order given: what
  /// the FinOps Lead could not price at approval time.
  public func unpriced(models: [String], in regions: [String]) -> [String] {
    models.filter { model in
      !regions.contains { region in price(model: model, region: region) != nil }
    }
  }

  /// The same catalog in canonical order: entries by model then Region, names by price-list
  /// name, meter and model.
  public var canonical: PriceCatalog {
    PriceCatalog(
      currency: currency, entries: entries.sorted { $0.key < $1.key },
      names: names.sorted { $0.sortKey < $1.sortKey })
  }
}
