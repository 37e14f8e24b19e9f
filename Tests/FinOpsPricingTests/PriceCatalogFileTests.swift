import FinOpsCore
import FinOpsRepository
import FinOpsTestSupport
import Foundation
import Testing

@Suite("The catalog file: decoding, diagnostics and canonical writing")
struct PriceCatalogFileTests {
  @Test("the shipped catalog decodes with no diagnostics and writes back byte for byte")
  func shippedRoundTrip() throws {
    let text = try PricingFixture.shipped(PriceCatalogFile.path)
    let (catalog, diagnostics) = PriceCatalogDecoder.decode(
      path: PriceCatalogFile.path, text: text, expectedCurrency: "USD")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let decoded = try #require(catalog)
    #expect(PriceCatalogEncoder.yaml(decoded) == text)
    #expect(decoded.currency == "USD")
    let geo = try #require(
      decoded.price(model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1"))
    #expect(geo.unit == .perMillionTokens)
    #expect((geo.input, geo.output) == (try money("3.30"), try money("16.50")))
  }

  @Test("the shipped catalog prices every standard model and every approved demo workload")
  func shippedCoverage() throws {
    let root = PricingFixture.repositoryRoot.path
    let repository = Repository(root: root)
    let snapshot = RepositorySnapshot.load(repository)
    let configuration = try #require(snapshot.configuration)
    let (catalog, _) = PriceCatalogFile.load(repository)
    let shipped = try #require(catalog)
    let standards = configuration.standards
    #expect(shipped.unpriced(models: standards.models, in: standards.regions).isEmpty)
    for entry in shipped.entries {
      #expect(standards.models.contains(entry.model), "\(entry.key) is not a standard model")
      #expect(standards.regions.contains(entry.region), "\(entry.key) is not a standard Region")
    }
    var approvals = 0
    for document in snapshot.documents {
      for component in document.workload.components {
        guard let approval = component.approval else { continue }
        approvals += 1
        #expect(
          shipped.price(model: approval.model, region: approval.region) != nil,
          "\(document.workload.slug): no price for \(approval.model) in \(approval.region)")
      }
    }
    #expect(approvals > 0)
    #expect(PriceCatalogFile.check(repository, configuration: configuration).isEmpty)
  }

  @Test("every problem in a malformed catalog is reported at its line and column")
  func malformed() throws {
    let path = "pricing/catalog.yml"
    let (catalog, diagnostics) = PriceCatalogDecoder.decode(
      path: path, text: try PricingFixture.text("malformed-catalog.yml"))
    #expect(catalog == nil)
    #expect(
      diagnostics.positions == [
        "4:12 pricing.schema.format",  // meter names a direction
        "7:5 pricing.schema.missing-field",  // no output
        "13:11 pricing.schema.enum",  // 1M token
        "19:12 pricing.schema.format",  // 0,00006
        "21:12 pricing.duplicate",  // amazon.nova-pro-v1:0 in us-east-1 again
        "27:13 pricing.schema.format",  // US East
        "29:12 pricing.schema.format",  // below zero
        "31:5 pricing.schema.unknown-field",  // sorce
      ])
    #expect(diagnostics.allSatisfy { $0.location.path == path && $0.severity == .error })
    let messages = Diagnostic.sorted(diagnostics).map(\.message)
    #expect(messages[0].contains("write the part before 'input tokens': 'Cross-region global'"))
    #expect(messages[1].contains("missing the required field 'output'"))
    #expect(messages[2].contains("did you mean '1M tokens'?"))
    #expect(messages[4].contains("already priced on line 7"))
    #expect(messages[7].contains("did you mean 'source'?"))
  }

  @Test(
    "a file that is not a catalog is one diagnostic at its position",
    arguments: [
      ("", "1:1 pricing.schema.missing-field"),
      ("currency: USD\n", "1:1 pricing.schema.missing-field"),
      ("currency: USD\nprices:\n\t- model: x\n", "3:1 pricing.yaml.syntax"),
      ("currency: dollars\nprices: []\n", "1:11 pricing.schema.format"),
      ("currency: USD\nprices: {model: x}\n", "2:9 pricing.schema.type"),
    ])
  func notACatalog(text: String, expected: String) {
    let (catalog, diagnostics) = PriceCatalogDecoder.decode(path: "pricing/catalog.yml", text: text)
    #expect(catalog == nil)
    #expect(diagnostics.positions == [expected])
  }

  @Test("a catalog in another currency than finops.yml's is an error at its currency")
  func currencyMismatch() {
    let (catalog, diagnostics) = PriceCatalogDecoder.decode(
      path: "pricing/catalog.yml", text: "currency: EUR\nprices: []\n", expectedCurrency: "USD")
    #expect(catalog == nil)
    #expect(diagnostics.positions == ["1:11 pricing.currency"])
  }

  @Test("the encoder sorts, quotes what YAML would misread, and reads back to the same catalog")
  func canonicalWriting() throws {
    let catalog = PriceCatalog(
      currency: "USD",
      entries: [
        PriceEntry(
          model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-west-2",
          unit: .perMillionTokens, input: try money("3.3"), output: try money("16.5"),
          source: "manual: pricing page #2"),
        PriceEntry(
          model: "amazon.nova-pro-v1:0", region: "us-east-1", unit: .perThousandTokens,
          input: try money("0.0008000000"), output: try money("0.0032")),
        PriceEntry(
          model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1",
          unit: .perMillionTokens, input: try money("3.30"), output: try money("16.50"),
          source: "AmazonBedrockFoundationModels 20260901000000"),
      ],
      names: [
        PriceListName(priceList: "Nova Pro", model: "amazon.nova-pro-v1:0"),
        PriceListName(
          priceList: "Claude Sonnet 4.5", model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
          regions: ["us-east-1", "us-west-2"]),
      ])
    let yaml = PriceCatalogEncoder.yaml(catalog)
    #expect(
      yaml == PriceCatalogEncoder.header + """
        currency: USD
        names:
          - price_list: Claude Sonnet 4.5
            model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
            regions: [us-east-1, us-west-2]
          - price_list: Nova Pro
            model: amazon.nova-pro-v1:0
        prices:
          - model: amazon.nova-pro-v1:0
            region: us-east-1
            unit: 1K tokens
            input: 0.0008
            output: 0.0032
          - model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
            region: us-east-1
            unit: 1M tokens
            input: 3.30
            output: 16.50
            source: AmazonBedrockFoundationModels 20260901000000
          - model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
            region: us-west-2
            unit: 1M tokens
            input: 3.30
            output: 16.50
            source: "manual: pricing page #2"

        """)
    let (decoded, diagnostics) = PriceCatalogDecoder.decode(path: "pricing/catalog.yml", text: yaml)
    #expect(diagnostics.isEmpty)
    #expect(decoded == catalog.canonical)
    #expect(decoded.map(PriceCatalogEncoder.yaml) == yaml)
  }

  @Test("an empty catalog is written as an empty list and reads back")
  func emptyCatalog() {
    let yaml = PriceCatalogEncoder.yaml(PriceCatalog(currency: "USD", entries: []))
    #expect(yaml.hasSuffix("currency: USD\nprices: []\n"))
    let (decoded, diagnostics) = PriceCatalogDecoder.decode(path: "pricing/catalog.yml", text: yaml)
    #expect(diagnostics.isEmpty)
    #expect(decoded == PriceCatalog(currency: "USD", entries: []))
  }

  @Test("check reports a foreign currency and the standard models the catalog cannot price")
  func check() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try folder.write("finops.yml", try PricingFixture.shipped("finops.yml"))
    try folder.write(
      PriceCatalogFile.path,
      """
      currency: USD
      prices:
        - model: amazon.nova-pro-v1:0
          region: us-east-1
          unit: 1K tokens
          input: 0.0008
          output: 0.0032

      """)
    let repository = Repository(root: folder.path)
    let configuration = try #require(RepositorySnapshot.load(repository).configuration)
    let diagnostics = PriceCatalogFile.check(repository, configuration: configuration)
    #expect(diagnostics.count == configuration.standards.models.count - 1)
    #expect(
      diagnostics.allSatisfy { $0.rule == "pricing.unpriced-model" && $0.severity == .warning })
    #expect(diagnostics.allSatisfy { ($0.location.line, $0.location.column) == (2, 1) })
    #expect(!diagnostics.contains { $0.message.contains("'amazon.nova-pro-v1:0'") })

    var euros = configuration
    euros.currency = "EUR"
    #expect(
      PriceCatalogFile.check(repository, configuration: euros).positions == [
        "1:11 pricing.currency"
      ])
  }

  @Test("saving writes the canonical text atomically, creating pricing/")
  func save() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let repository = Repository(root: folder.path)
    #expect(PriceCatalogFile.load(repository).catalog == nil)
    #expect(PriceCatalogFile.load(repository).diagnostics.isEmpty)
    let catalog = PriceCatalog(
      currency: "USD",
      entries: [
        PriceEntry(
          model: "amazon.nova-pro-v1:0", region: "us-east-1", unit: .perThousandTokens,
          input: try money("0.0008"), output: try money("0.0032"))
      ])
    try PriceCatalogFile.save(catalog, in: repository)
    #expect(try folder.read(PriceCatalogFile.path) == PriceCatalogEncoder.yaml(catalog))
    #expect(PriceCatalogFile.load(repository).catalog == catalog)
  }
}
