import FinOpsCore
import Foundation
import Testing

@Suite("Pricing token volumes")
struct PriceEntryTests {
  /// A price, monthly token volumes and the monthly cost worked out by hand.
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var unit: PriceUnit
    var input: String
    var output: String
    var inputTokens: Int
    var outputTokens: Int
    var expected: String

    var testDescription: String { name }
  }

  static let cases: [Case] = [
    // 180 x 3.30 + 39.6 x 16.50 = 594.00 + 653.40
    Case(
      name: "Sonnet 4.5 through the us. profile, per 1M", unit: .perMillionTokens, input: "3.30",
      output: "16.50", inputTokens: 180_000_000, outputTokens: 39_600_000, expected: "1247.40"),
    // 180 x 3 + 39.6 x 15 = 540 + 594: the README's claims assistant at global prices
    Case(
      name: "Sonnet 4.5 global, per 1M", unit: .perMillionTokens, input: "3.00", output: "15.00",
      inputTokens: 180_000_000, outputTokens: 39_600_000, expected: "1134.00"),
    // 672 x 1.10 + 46.2 x 5.50 = 739.20 + 254.10
    Case(
      name: "Haiku 4.5 through the us. profile, per 1M", unit: .perMillionTokens, input: "1.10",
      output: "5.50", inputTokens: 672_000_000, outputTokens: 46_200_000, expected: "993.30"),
    // 91,000 x 0.0008 + 7,800 x 0.0032 = 72.80 + 24.96
    Case(
      name: "Nova Pro, per 1K", unit: .perThousandTokens, input: "0.0008", output: "0.0032",
      inputTokens: 91_000_000, outputTokens: 7_800_000, expected: "97.76"),
    // 1,000,000 x 0.000035 + 100,000 x 0.00014 = 35.00 + 14.00
    Case(
      name: "Nova Micro, per 1K", unit: .perThousandTokens, input: "0.000035", output: "0.00014",
      inputTokens: 1_000_000_000, outputTokens: 100_000_000, expected: "49.00"),
    // 180,000 x 0.00072 + 15,000 x 0.00072 = 129.60 + 10.80
    Case(
      name: "Llama 3.3 70B, per 1K", unit: .perThousandTokens, input: "0.00072", output: "0.00072",
      inputTokens: 180_000_000, outputTokens: 15_000_000, expected: "140.40"),
    // 156.25 x 0.0008 = 0.125: half-even keeps the even cent
    Case(
      name: "an exact half cent rounds to even, down", unit: .perThousandTokens, input: "0.0008",
      output: "0.0032", inputTokens: 156_250, outputTokens: 0, expected: "0.12"),
    // 168.75 x 0.0008 = 0.135: half-even moves to the even cent
    Case(
      name: "an exact half cent rounds to even, up", unit: .perThousandTokens, input: "0.0008",
      output: "0.0032", inputTokens: 168_750, outputTokens: 0, expected: "0.14"),
    // Rounded once on the total: 0.004 + 0.004 = 0.008, not 0.00 + 0.00
    Case(
      name: "rounding applies to the total, not each direction", unit: .perMillionTokens,
      input: "1.00", output: "1.00", inputTokens: 4_000, outputTokens: 4_000, expected: "0.01"),
    Case(
      name: "no tokens cost nothing", unit: .perMillionTokens, input: "3.00", output: "15.00",
      inputTokens: 0, outputTokens: 0, expected: "0.00"),
  ]

  @Test("the monthly cost is exact and rounded half-even to cents once", arguments: cases)
  func monthlyCost(_ sample: Case) throws {
    let entry = PriceEntry(
      model: "m", region: "us-east-1", unit: sample.unit, input: try money(sample.input),
      output: try money(sample.output))
    let cost = entry.monthlyCost(inputTokens: sample.inputTokens, outputTokens: sample.outputTokens)
    #expect(cost == (try money(sample.expected)))
    #expect(cost.canonical == sample.expected)
  }

  @Test("the unrounded cost keeps every digit that binary floating point would lose")
  func exactCost() throws {
    let lite = PriceEntry(
      model: "amazon.nova-lite-v1:0", region: "us-east-1", unit: .perThousandTokens,
      input: try money("0.00006"), output: try money("0.00024"))
    #expect(lite.cost(inputTokens: 1, outputTokens: 1) == (try money("0.0000003")))
    // 0.1 + 0.2 of a dollar, the classic binary rounding error, stays 0.3 exactly.
    let tenCents = PriceEntry(
      model: "m", region: "us-east-1", unit: .perMillionTokens, input: try money("0.1"),
      output: try money("0.2"))
    let cost = tenCents.cost(inputTokens: 1_000_000, outputTokens: 1_000_000)
    #expect(cost == (try money("0.3")))
    #expect(cost.canonical == "0.30")
  }

  @Test("a catalog prices the model and Region an approval names, and nothing else")
  func catalogLookup() throws {
    let geo = PriceEntry(
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1",
      unit: .perMillionTokens, input: try money("3.30"), output: try money("16.50"))
    let catalog = PriceCatalog(currency: "USD", entries: [geo])
    #expect(catalog.price(model: geo.model, region: "us-east-1") == geo)
    #expect(catalog.price(model: geo.model, region: "us-west-2") == nil)
    #expect(
      catalog.price(model: "anthropic.claude-sonnet-4-5-20250929-v1:0", region: "us-east-1") == nil)
    let estimate = catalog.monthlyEstimate(
      model: geo.model, region: "us-east-1", inputTokens: 180_000_000, outputTokens: 39_600_000)
    #expect(estimate == (try money("1247.40")))
    #expect(
      catalog.unpriced(models: [geo.model, "amazon.nova-pro-v1:0"], in: ["us-east-1"]) == [
        "amazon.nova-pro-v1:0"
      ])
  }

  @Test(
    "units are spelt as AWS publishes them and convert exactly",
    arguments: [
      (PriceUnit.perThousandTokens, "1K tokens", 1_000),
      (PriceUnit.perMillionTokens, "1M tokens", 1_000_000),
    ])
  func units(unit: PriceUnit, spelling: String, tokens: Int) {
    #expect(unit.rawValue == spelling)
    #expect(PriceUnit(rawValue: spelling) == unit)
    #expect(unit.tokens == tokens)
  }

  @Test("a price per 1M converts to the same price per 1K and back")
  func conversion() throws {
    let perMillion = try money("3.30")
    let perThousand = PriceUnit.perMillionTokens.convert(perMillion, to: .perThousandTokens)
    #expect(perThousand == (try money("0.0033")))
    #expect(PriceUnit.perThousandTokens.convert(perThousand, to: .perMillionTokens) == perMillion)
  }
}
