import FinOpsCore
import FinOpsRepository
import Foundation
import Testing

@Suite("Importing an AWS Price List offer file")
struct OfferFileImporterTests {
  static let samplePath = "pricing/offers/sample-AmazonBedrock-us-east-1.json"
  static let sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0"

  /// The shipped catalog, whose `names` map the sample's models.
  func shippedCatalog() throws -> PriceCatalog {
    let (catalog, _) = PriceCatalogDecoder.decode(
      path: PriceCatalogFile.path, text: try PricingFixture.shipped(PriceCatalogFile.path))
    return try #require(catalog)
  }

  func importSample() throws -> OfferFileImport {
    let importer = OfferFileImporter(names: try shippedCatalog().names, currency: "USD")
    return importer.read(path: Self.samplePath, text: try PricingFixture.shipped(Self.samplePath))
  }

  @Test("the sample yields on-demand input and output prices for every mapped model ID")
  func sampleEntries() throws {
    let outcome = try importSample()
    let source = "AmazonBedrock 20260901000000"
    #expect(outcome.offerCode == "AmazonBedrock")
    #expect(outcome.version == "20260901000000")
    #expect(
      outcome.entries == [
        PriceEntry(
          model: "amazon.nova-pro-v1:0", region: "us-east-1", unit: .perThousandTokens,
          input: try money("0.0008"), output: try money("0.0032"), source: source),
        PriceEntry(
          model: Self.sonnet, region: "us-east-1", unit: .perMillionTokens,
          input: try money("3.30"), output: try money("16.50"), source: source),
        PriceEntry(
          model: "global." + Self.sonnet, region: "us-east-1", unit: .perMillionTokens,
          input: try money("3.00"), output: try money("15.00"), source: source),
        PriceEntry(
          model: "us." + Self.sonnet, region: "us-east-1", unit: .perMillionTokens,
          input: try money("3.30"), output: try money("16.50"), source: source),
      ])
    // Read from the JSON strings exactly: "0.0008000000" is 0.0008, not a binary neighbour.
    #expect(outcome.entries[0].input.value == Decimal(string: "0.0008", locale: nil))
  }

  @Test("batch and prompt-cache SKUs are reported as ignored, the unmapped model as a warning")
  func sampleSkipped() throws {
    let outcome = try importSample()
    #expect(
      outcome.skipped.map { "\($0.sku) \($0.reason.rawValue)" } == [
        "P7H4Q2MW9CX5TK3A not-on-demand",  // Batch Inference
        "R2X9K6TB4NQ7WJ8M excluded-meter",  // Prompt cache read input tokens
        "W6D3T8QK5ZR2NB9V unmapped",  // Nova Premier input
        "W6D3T8QK5ZR2NB9Y unmapped",  // Nova Premier output
      ])
    let summary = outcome.diagnostics.map { "\($0.location) \($0.severity.rawValue) \($0.rule)" }
    #expect(
      summary == [
        "\(Self.samplePath):104:5 note pricing.import.ignored",
        "\(Self.samplePath):120:5 note pricing.import.ignored",
        "\(Self.samplePath):136:5 warning pricing.import.unmapped-model",
      ])
    #expect(outcome.diagnostics[0].message.contains("feature 'Batch Inference'"))
    #expect(outcome.diagnostics[1].message.contains("'Prompt cache read input tokens'"))
    let unmapped = outcome.diagnostics[2]
    #expect(
      unmapped.message
        == "did not import 2 SKUs of price-list model 'Nova Premier' (standard meter) "
        + "in us-east-1: no name rule maps it to a model ID")
    #expect(
      unmapped.notes == [
        "map it under names in pricing/catalog.yml: price_list: Nova Premier, model: <model ID>",
        "SKUs: W6D3T8QK5ZR2NB9V, W6D3T8QK5ZR2NB9Y",
      ])
    #expect(!outcome.diagnostics.hasErrors)
  }

  @Test("a misspelt name rule leaves its model unmapped, with a hint at the rule")
  func misspeltRule() throws {
    let misspelt = PriceListName(priceList: "Claude Sonet 4.5", model: Self.sonnet)
    let outcome = OfferFileImporter(names: [misspelt])
      .read(path: Self.samplePath, text: try PricingFixture.shipped(Self.samplePath))
    let unmapped = outcome.diagnostics.filter {
      $0.rule == "pricing.import.unmapped-model" && $0.message.contains("'Claude Sonnet 4.5'")
    }
    #expect(unmapped.count == 2)  // the standard and the Cross-region global meter
    #expect(
      unmapped.allSatisfy {
        $0.notes.contains("a name rule exists for 'Claude Sonet 4.5'; is it the same model?")
      })
    #expect(outcome.entries.isEmpty)
  }

  @Test("re-importing the sample into the shipped catalog rewrites no line")
  func sampleMergeUnchanged() throws {
    let catalog = try shippedCatalog()
    let (merged, changes) = try importSample().merged(into: catalog)
    #expect(changes.added.isEmpty && changes.changed.isEmpty)
    #expect(changes.summary == "0 added, 0 changed, 4 unchanged, 30 not in the import")
    #expect(PriceCatalogEncoder.yaml(merged) == PriceCatalogEncoder.yaml(catalog))
  }

  @Test("merging the sample over an older price changes only that price and its source")
  func sampleMerge() throws {
    var catalog = try shippedCatalog()
    let index = try #require(
      catalog.entries.firstIndex { $0.model == Self.sonnet && $0.region == "us-east-1" })
    catalog.entries[index].input = try #require(Money(parsing: "3.00"))
    catalog.entries[index].output = try #require(Money(parsing: "15.00"))
    catalog.entries[index].source = "Bedrock pricing page (manual)"
    let outcome = try importSample()
    let (merged, changes) = outcome.merged(into: catalog)
    #expect(changes.added.isEmpty)
    #expect(
      changes.changed.map(\.after.key) == [PriceEntry.Key(model: Self.sonnet, region: "us-east-1")])
    #expect(changes.unchanged.count == 3)
    #expect(changes.untouched == catalog.entries.count - 4)
    #expect(changes.summary == "0 added, 1 changed, 3 unchanged, 30 not in the import")
    #expect(
      changes.lines == [
        "~ \(Self.sonnet) us-east-1: 3.00 / 15.00 per 1M tokens -> 3.30 / 16.50 per 1M tokens"
      ])
    // Unchanged prices keep their provenance; the changed one records the offer file.
    #expect(
      merged.price(model: "amazon.nova-pro-v1:0", region: "us-east-1")?.source
        == "Bedrock pricing page (manual)")
    #expect(
      merged.price(model: Self.sonnet, region: "us-east-1")?.source
        == "AmazonBedrock 20260901000000")
    let before = PriceCatalogEncoder.yaml(catalog).split(
      separator: "\n", omittingEmptySubsequences: false)
    let after = PriceCatalogEncoder.yaml(merged).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(before.count == after.count)
    let differing = zip(before, after).filter { $0 != $1 }.map { "\($0.0)|\($0.1)" }
    #expect(
      differing == [
        "    input: 3.00|    input: 3.30", "    output: 15.00|    output: 16.50",
        "    source: Bedrock pricing page (manual)|    source: AmazonBedrock 20260901000000",
      ])
  }

  /// The rules the awkward fixture is read with.
  static let awkwardNames = [
    PriceListName(priceList: "Nova Pro", model: "amazon.nova-pro-v1:0"),
    PriceListName(priceList: "Nova Pro Legacy", model: "amazon.nova-pro-v1:0"),
    PriceListName(priceList: "Nova Lite", model: "amazon.nova-lite-v1:0"),
    PriceListName(priceList: "Nova Micro", model: "amazon.nova-micro-v1:0"),
    PriceListName(priceList: "Claude Haiku 4.5", model: "anthropic.claude-haiku-4-5-20251001-v1:0"),
    PriceListName(priceList: "Llama 3.3 70B Instruct", model: "meta.llama3-3-70b-instruct-v1:0"),
  ]

  func importAwkward() throws -> OfferFileImport {
    let importer = OfferFileImporter(
      names: Self.awkwardNames, currency: "USD", regions: ["us-east-1", "us-west-2"])
    return importer.read(
      path: "awkward-offer.json", text: try PricingFixture.text("awkward-offer.json"))
  }

  @Test("only complete, unambiguous prices are imported, converted to one unit when they differ")
  func awkwardEntries() throws {
    let outcome = try importAwkward()
    #expect(
      outcome.entries == [
        PriceEntry(
          model: "amazon.nova-micro-v1:0", region: "us-west-2", unit: .perThousandTokens,
          input: try money("0.000035"), output: try money("0.00014"),
          source: "AmazonBedrock 20261001000000"),
        PriceEntry(
          model: "amazon.nova-pro-v1:0", region: "us-east-1", unit: .perThousandTokens,
          input: try money("0.0008"), output: try money("0.0032"),
          source: "AmazonBedrock 20261001000000"),
      ])
  }

  /// Each awkward SKU and why it was not imported.
  static let awkwardSkips: [(String, OfferFileImport.Skipped.Reason)] = [
    ("AWK03", .outOfRegion), ("AWK04", .unknownUnit), ("AWK05", .incomplete),
    ("AWK06", .unpriced), ("AWK07", .incomplete), ("AWK08", .incomplete), ("AWK09", .unpriced),
    ("AWK10", .unpriced), ("AWK11", .notTokenMeter), ("AWK12", .excludedMeter),
    ("AWK13", .notOnDemand), ("AWK14", .conflict), ("AWK15", .conflict), ("AWK16", .conflict),
    ("AWK17", .unpriced), ("AWK18", .incomplete),
  ]

  @Test("every awkward SKU is accounted for with its reason", arguments: awkwardSkips)
  func awkwardSkip(sku: String, reason: OfferFileImport.Skipped.Reason) throws {
    let outcome = try importAwkward()
    let reasons = outcome.skipped.filter { $0.sku == sku }.map(\.reason)
    #expect(reasons.contains(reason))
  }

  @Test("awkward SKUs are diagnosed once each, at their position, without cascades")
  func awkwardDiagnostics() throws {
    let outcome = try importAwkward()
    let imported = Set(["AWK01", "AWK02", "AWK19", "AWK20"])
    let skipped = Set(outcome.skipped.map(\.sku))
    #expect(skipped.union(imported).count == 20)
    #expect(skipped.isDisjoint(with: imported))
    #expect(
      outcome.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
        == [
          "41:5 pricing.import.unknown-unit",  // AWK04: 1K images
          "63:5 pricing.import.unpriced",  // AWK06: a JSON number
          "85:5 pricing.import.incomplete",  // AWK08: input without output
          "96:5 pricing.import.unpriced",  // AWK09: two tiers
          "107:5 pricing.import.unpriced",  // AWK10: no on-demand term
          "118:5 pricing.import.ignored",  // AWK11: Input tokens priority
          "129:5 pricing.import.ignored",  // AWK12: Flex service tier
          "141:5 pricing.import.ignored",  // AWK13: no feature
          "151:5 pricing.import.conflict",  // AWK14 and AWK15: two input prices
          "184:5 pricing.import.unpriced",  // AWK17: no USD price
          "30:5 pricing.import.ignored",  // AWK03: eu-west-3
        ].sorted(by: Self.byPosition))
    let messages = Dictionary(
      outcome.diagnostics.map { ($0.rule + "@\($0.location.line)", $0.message) },
      uniquingKeysWith: { first, _ in first })
    #expect(
      messages["pricing.import.unknown-unit@41"]?.contains("not per '1K tokens' or '1M tokens'")
        == true)
    #expect(messages["pricing.import.unpriced@63"]?.contains("not a JSON string") == true)
    #expect(
      messages["pricing.import.unpriced@184"]?.contains("no USD price (it lists CNY)") == true)
    #expect(
      messages["pricing.import.conflict@151"]
        == "amazon.nova-pro-v1:0 in us-west-2 gets different input prices: 0.0009 per 1K tokens "
        + "(SKU AWK14) and 0.0008 per 1K tokens (SKU AWK15); not imported")
    #expect(outcome.diagnostics.hasErrors)
  }

  static func byPosition(_ lhs: String, _ rhs: String) -> Bool {
    func key(_ text: String) -> (Int, Int) {
      let parts = text.split(separator: " ")[0].split(separator: ":").compactMap { Int($0) }
      return (parts.first ?? 0, parts.last ?? 0)
    }
    return key(lhs) < key(rhs)
  }

  @Test(
    "a file that is not an offer file is one error",
    arguments: [
      ("truncated-offer.json", "invalid JSON"),
      ("malformed-catalog.yml", "invalid JSON"),
    ])
  func notAnOfferFile(name: String, expected: String) throws {
    let outcome = OfferFileImporter(names: Self.awkwardNames)
      .read(path: name, text: try PricingFixture.text(name))
    #expect(outcome.entries.isEmpty)
    #expect(outcome.diagnostics.positions == ["1:1 pricing.import.format"])
    #expect(outcome.diagnostics.first?.message.contains(expected) == true)
  }

  @Test("JSON without products is not an offer file")
  func noProducts() {
    let outcome = OfferFileImporter(names: []).read(
      path: "x.json", text: #"{"formatVersion": "v1.0"}"#)
    #expect(
      outcome.diagnostics.map(\.message) == [
        "x.json has no 'products': it is not an AWS Price List offer file"
      ])
  }

  @Test(
    "name rules are written on the command line as NAME=MODEL or NAME|METER=MODEL",
    arguments: [
      (
        "Claude Sonnet 4.5=anthropic.claude-sonnet-4-5-20250929-v1:0",
        PriceListName(priceList: "Claude Sonnet 4.5", model: sonnet)
      ),
      (
        "Claude Sonnet 4.5 | Cross-region global = global." + sonnet,
        PriceListName(
          priceList: "Claude Sonnet 4.5", meter: "Cross-region global", model: "global." + sonnet)
      ),
      ("Nova Pro=", nil), ("=amazon.nova-pro-v1:0", nil), ("Nova Pro", nil), ("Nova Pro|=x", nil),
    ] as [(String, PriceListName?)])
  func argument(text: String, expected: PriceListName?) {
    #expect(PriceListName(argument: text) == expected)
    if let expected { #expect(PriceListName(argument: expected.argument) == expected) }
  }

  @Test("a rule matches its name exactly, its meter in any case, and only its Regions")
  func matching() {
    let rule = PriceListName(
      priceList: "Claude Sonnet 4.5", meter: "Cross-region global", model: "global." + Self.sonnet,
      regions: ["us-east-1"])
    #expect(
      rule.matches(name: "Claude Sonnet 4.5", meter: "cross-region GLOBAL", region: "us-east-1"))
    #expect(!rule.matches(name: "Claude Sonnet 4.5", meter: nil, region: "us-east-1"))
    #expect(
      !rule.matches(name: "claude sonnet 4.5", meter: "Cross-region global", region: "us-east-1"))
    #expect(
      !rule.matches(name: "Claude Sonnet 4.5", meter: "Cross-region global", region: "us-west-2"))
  }
}
