import Foundation

/// The on-demand price of one model in one Region: what an input and an output token cost.
public struct PriceEntry: Sendable, Hashable {
  /// The model ID or inference-profile ID exactly as an approval names it, such as
  /// `us.anthropic.claude-sonnet-4-5-20250929-v1:0` or `amazon.nova-pro-v1:0`.
  public var model: String
  /// The AWS Region the application calls from, such as `us-east-1`.
  public var region: String
  /// How many tokens `input` and `output` are the price of.
  public var unit: PriceUnit
  /// The price of `unit` input tokens, in the catalog currency.
  public var input: Money
  /// The price of `unit` output tokens, in the catalog currency.
  public var output: Money
  /// Where the price came from, such as `AmazonBedrockFoundationModels 20260901000000` for a
  /// price imported from that offer file version; nil when unknown.
  public var source: String?

  /// Creates an entry.
  public init(
    model: String, region: String, unit: PriceUnit, input: Money, output: Money,
    source: String? = nil
  ) {
    self.model = model
    self.region = region
    self.unit = unit
    self.input = input
    self.output = output
    self.source = source
  }

  /// What identifies an entry in a catalog: one price per model and Region.
  public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The model or inference-profile ID.
    public var model: String
    /// The Region.
    public var region: String

    /// Creates a key.
    public init(model: String, region: String) {
      self.model = model
      self.region = region
    }

    /// `model in region`, for messages.
    public var description: String { "\(model) in \(region)" }

    /// Orders by model, then Region: the catalog file's order.
    public static func < (lhs: Key, rhs: Key) -> Bool {
      (lhs.model, lhs.region) < (rhs.model, rhs.region)
    }
  }

  /// The entry's model and Region.
  public var key: Key { Key(model: model, region: region) }

  /// Whether `other` charges the same: same unit and the same input and output prices.
  /// The source is not compared, so a re-import of an unchanged price is not a change.
  public func hasSamePrice(as other: PriceEntry) -> Bool {
    unit == other.unit && input == other.input && output == other.output
  }

  /// The exact, unrounded cost of the given token volumes: each volume times its price per
  /// token. Volumes are expected to be zero or more; the caller validates them.
  public func cost(inputTokens: Int, outputTokens: Int) -> Money {
    let tokens = input * Decimal(inputTokens) + output * Decimal(outputTokens)
    return tokens * unit.perToken
  }

  /// The monthly cost of the given monthly token volumes, rounded half-even to cents once, on
  /// the total (never per direction), so it matches a hand calculation of the same sum.
  public func monthlyCost(inputTokens: Int, outputTokens: Int) -> Money {
    cost(inputTokens: inputTokens, outputTokens: outputTokens).rounded(scale: 2)
  }
}
