import FinOpsCore
import Foundation
import Testing

@Suite("Comparing the confirmed estimate with the budget")
struct EstimateComparisonTests {
  static let cases: [(String, String, EstimateComparison.Standing, String?, String)] = [
    (
      "1247.40", "1200.00", .over, "+4.0%",
      "estimate 1247.40 USD is 47.40 USD (4.0%) over the monthly budget of 1200.00 USD"
    ),
    (
      "1134.00", "1200.00", .under, "-5.5%",
      "estimate 1134.00 USD is 66.00 USD (5.5%) under the monthly budget of 1200.00 USD"
    ),
    (
      "1200.00", "1200", .onBudget, "0.0%",
      "estimate 1200.00 USD matches the monthly budget of 1200.00 USD"
    ),
    // 0.25% rounds half-even to 0.2%.
    (
      "100.25", "100.00", .over, "+0.2%",
      "estimate 100.25 USD is 0.25 USD (0.2%) over the monthly budget of 100.00 USD"
    ),
    (
      "10.00", "0.00", .over, nil,
      "estimate 10.00 USD is 10.00 USD over the monthly budget of 0.00 USD"
    ),
  ]

  @Test("difference, percent and sentence", arguments: cases)
  func compare(
    estimate: String, budget: String, standing: EstimateComparison.Standing, percent: String?,
    summary: String
  ) throws {
    let comparison = EstimateComparison(estimate: try money(estimate), budget: try money(budget))
    #expect(comparison.standing == standing)
    #expect(comparison.difference == (try money(estimate)) - (try money(budget)))
    #expect(comparison.percentText == percent)
    #expect(comparison.summary(currency: "USD") == summary)
  }

  @Test("the percentage is exact before it is rounded")
  func exactPercent() throws {
    let comparison = EstimateComparison(
      estimate: try money("1247.40"), budget: try money("1200.00"))
    #expect(comparison.difference == (try money("47.40")))
    #expect(comparison.percent == Decimal(string: "4.0", locale: nil))
    #expect(
      comparison.summary { "$" + $0.canonical }
        == "estimate $1247.40 is $47.40 (4.0%) over the monthly budget of $1200.00")
  }
}
