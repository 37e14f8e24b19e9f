import Foundation

/// How many tokens a published price is for, spelt as the AWS Price List's `unit` spells it.
///
/// The unit is not fixed per provider: Amazon Nova is published per thousand tokens, Claude on
/// Bedrock per million. A price is always stored with the unit it was published in, so the
/// catalog reads like the price list it came from.
public enum PriceUnit: String, ClosedSet {
  /// A price per 1,000 tokens (`1K tokens`).
  case perThousandTokens = "1K tokens"
  /// A price per 1,000,000 tokens (`1M tokens`).
  case perMillionTokens = "1M tokens"

  /// What one value is called in messages.
  public static let noun = "unit"

  /// The number of tokens one unit stands for.
  public var tokens: Int {
    switch self {
    case .perThousandTokens: 1_000
    case .perMillionTokens: 1_000_000
    }
  }

  /// The exact reciprocal of `tokens` (0.001 or 0.000001), built from its decimal exponent so
  /// that multiplying by it never rounds.
  public var perToken: Decimal {
    switch self {
    case .perThousandTokens: Decimal(sign: .plus, exponent: -3, significand: 1)
    case .perMillionTokens: Decimal(sign: .plus, exponent: -6, significand: 1)
    }
  }

  /// Converts a price per `self` into the exact price per `other`.
  public func convert(_ price: Money, to other: PriceUnit) -> Money {
    guard other != self else { return price }
    return price * (perToken / other.perToken)
  }
}
