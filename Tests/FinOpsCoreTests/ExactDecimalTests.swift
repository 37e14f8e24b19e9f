import FinOpsCore
import Foundation
import Testing

@Suite("Exact decimal ratios")
struct ExactDecimalTests {
  /// What `roundedRatio` must equal: the `Decimal` arithmetic it replaces.
  static func throughDecimal(_ value: Decimal, _ factor: Decimal, _ divisor: UInt64, scale: Int)
    -> Decimal
  {
    var quotient = divisor == 1 ? value * factor : value * factor / Decimal(divisor)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &quotient, scale, .bankers)
    return rounded
  }

  static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

  @Test("a ratio in integers is the decimal one to the byte, or nil")
  func sameBytes() {
    var random = SeededRandom(state: 29)
    var worked = 0
    for index in 0..<20_000 {
      let digits = Int.random(in: 1...15, using: &random)
      let significand = UInt64.random(
        in: 0..<(1...digits).reduce(1) { value, _ in value * 10 }, using: &random)
      let value = Decimal(
        sign: Bool.random(using: &random) ? .minus : .plus,
        exponent: Int.random(in: -8...4, using: &random),
        significand: Decimal(significand))
      let (factor, divisor): (Decimal, UInt64) =
        switch index % 4 {
        case 0: (336, 1461)
        case 1: (28, 1461)
        case 2:
          (
            Decimal(
              sign: .plus, exponent: -Int.random(in: 0...3, using: &random),
              significand: Decimal(Int.random(in: 0...9999, using: &random))), 100
          )
        default:
          (
            Decimal(Int.random(in: 1...999, using: &random)),
            UInt64.random(in: 1...99_999, using: &random)
          )
        }
      let scale = index % 5 == 0 ? Int.random(in: 0...4, using: &random) : 2
      let expected = Self.throughDecimal(value, factor, divisor, scale: scale)
      guard let exact = ExactDecimal.roundedRatio(value, times: factor, over: divisor, scale: scale)
      else {
        continue  // left to `Decimal`: the integers cannot hold it, or it rounds to zero
      }
      worked += 1
      #expect(
        Self.bytes(exact) == Self.bytes(expected),
        "\(value) × \(factor) ÷ \(divisor) to \(scale): \(exact) vs \(expected)")
    }
    #expect(worked > 15_000)
    // Half-way points go to the even cent, as `.bankers` does.
    #expect(
      ExactDecimal.roundedRatio(Decimal(string: "0.125")!, times: 1, over: 1, scale: 2) == Decimal(
        string: "0.12")!)
    #expect(
      ExactDecimal.roundedRatio(Decimal(string: "0.135")!, times: 1, over: 1, scale: 2) == Decimal(
        string: "0.14")!)
    #expect(ExactDecimal.roundedRatio(Decimal(UInt64.max), times: 10, over: 1, scale: 2) == nil)
  }
}
