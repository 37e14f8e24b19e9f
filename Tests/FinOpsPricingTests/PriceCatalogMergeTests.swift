import FinOpsCore
import Testing

@Suite("Merging imported prices into a catalog")
struct PriceCatalogMergeTests {
  func entry(
    _ model: String, _ region: String, _ input: String, _ output: String, source: String? = nil,
    unit: PriceUnit = .perMillionTokens
  ) throws -> PriceEntry {
    PriceEntry(
      model: model, region: region, unit: unit, input: try money(input),
      output: try money(output), source: source)
  }

  @Test("adds new prices, replaces changed ones, keeps equal and unmentioned ones, sorted")
  func merge() throws {
    let names = [PriceListName(priceList: "Nova Pro", model: "amazon.nova-pro-v1:0")]
    let catalog = PriceCatalog(
      currency: "USD",
      entries: [
        try entry("z.model", "us-east-1", "1.00", "2.00", source: "manual"),
        try entry("a.model", "us-west-2", "3.00", "15.00", source: "manual"),
        try entry("a.model", "us-east-1", "3.00", "15.00", source: "manual"),
      ],
      names: names)
    let imported = [
      try entry("a.model", "us-east-1", "3.30", "16.50", source: "offer 2"),  // changed
      try entry("a.model", "us-west-2", "3.0", "15", source: "offer 2"),  // same price
      try entry(
        "m.model", "eu-west-1", "0.0008", "0.0032", source: "offer 2", unit: .perThousandTokens),
    ]
    let merged = PriceCatalog.merge(catalog, with: imported)
    #expect(merged.currency == "USD")
    #expect(merged.names == names)
    #expect(
      merged.entries == [
        try entry("a.model", "us-east-1", "3.30", "16.50", source: "offer 2"),
        try entry("a.model", "us-west-2", "3.00", "15.00", source: "manual"),
        try entry(
          "m.model", "eu-west-1", "0.0008", "0.0032", source: "offer 2", unit: .perThousandTokens),
        try entry("z.model", "us-east-1", "1.00", "2.00", source: "manual"),
      ])

    let changes = PriceCatalogChanges(from: catalog, merging: imported)
    #expect(changes.added.map(\.model) == ["m.model"])
    #expect(changes.changed.map(\.before.source) == ["manual"])
    #expect(changes.changed.map(\.after.source) == ["offer 2"])
    #expect(changes.unchanged.map(\.key) == [PriceEntry.Key(model: "a.model", region: "us-west-2")])
    #expect(changes.untouched == 1)
    #expect(!changes.isEmpty)
    #expect(changes.summary == "1 added, 1 changed, 1 unchanged, 1 not in the import")
    #expect(
      changes.lines == [
        "~ a.model us-east-1: 3.00 / 15.00 per 1M tokens -> 3.30 / 16.50 per 1M tokens",
        "+ m.model eu-west-1: 0.0008 / 0.0032 per 1K tokens",
      ])
  }

  @Test("a unit change is a change even when the price per token is the same")
  func unitChange() throws {
    let catalog = PriceCatalog(
      currency: "USD", entries: [try entry("m", "us-east-1", "3.00", "15.00")])
    let perThousand = try entry("m", "us-east-1", "0.003", "0.015", unit: .perThousandTokens)
    #expect(PriceCatalog.merge(catalog, with: [perThousand]).entries == [perThousand])
    #expect(PriceCatalogChanges(from: catalog, merging: [perThousand]).changed.count == 1)
  }

  @Test("re-importing the same prices changes nothing")
  func idempotent() throws {
    let catalog = PriceCatalog(
      currency: "USD", entries: [try entry("m", "us-east-1", "3.00", "15.00", source: "old")])
    let again = [try entry("m", "us-east-1", "3.00", "15.00", source: "new")]
    #expect(PriceCatalog.merge(catalog, with: again) == catalog)
    let changes = PriceCatalogChanges(from: catalog, merging: again)
    #expect(changes.isEmpty)
    #expect(changes.lines.isEmpty)
    #expect(changes.summary == "0 added, 0 changed, 1 unchanged, 0 not in the import")
  }

  @Test("when an import names one model and Region twice, the later entry wins")
  func laterWins() throws {
    let catalog = PriceCatalog(currency: "USD", entries: [])
    let first = try entry("m", "us-east-1", "1.00", "2.00")
    let second = try entry("m", "us-east-1", "1.50", "2.50")
    #expect(PriceCatalog.merge(catalog, with: [first, second]).entries == [second])
    #expect(PriceCatalogChanges(from: catalog, merging: [first, second]).added == [second])
  }
}
