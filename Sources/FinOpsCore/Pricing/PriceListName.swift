import Foundation

/// One rule of the mapping from the AWS Price List's model names to the model IDs approvals use.
///
/// Offer files name a model by its display name (the product attribute `model`, such as
/// `Claude Sonnet 4.5` or `Nova Pro`), never by ID, and publish one meter per way of calling it.
/// A meter is the product attribute `inferenceType` without its direction: `Input tokens` and
/// `Output tokens` are the standard meter (the price of calling a model in the Region, in-Region
/// or through a geographic cross-Region profile such as `us.`), while
/// `Cross-region global input tokens` and `Cross-region global output tokens` are the meter
/// `Cross-region global` (calls through a `global.` profile).
///
/// A rule says: the price-list model `priceList`, metered by `meter` (nil for the standard
/// meter), in any Region of `regions` (nil for every Region), is the price of `model`. Several
/// rules may share a name and meter, which is how one published price reaches both an in-Region
/// ID and a geographic profile:
///
/// ```yaml
/// names:
///   - price_list: Claude Sonnet 4.5
///     model: anthropic.claude-sonnet-4-5-20250929-v1:0
///   - price_list: Claude Sonnet 4.5
///     model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
///     regions: [us-east-1, us-west-2]
///   - price_list: Claude Sonnet 4.5
///     meter: Cross-region global
///     model: global.anthropic.claude-sonnet-4-5-20250929-v1:0
/// ```
///
/// The same rule as a command-line argument is `NAME=MODEL` or `NAME|METER=MODEL`, such as
/// `Claude Sonnet 4.5|Cross-region global=global.anthropic.claude-sonnet-4-5-20250929-v1:0`;
/// an argument rule applies in every Region.
public struct PriceListName: Sendable, Hashable {
  /// The offer file's `model` attribute, compared exactly: `Claude Sonnet 4.5`.
  public var priceList: String
  /// The meter: `inferenceType` without ` input tokens` / ` output tokens`, compared without
  /// regard to case; nil for the standard `Input tokens` / `Output tokens` meter.
  public var meter: String?
  /// The model or inference-profile ID the price is entered under.
  public var model: String
  /// The Regions the rule applies in; nil for every Region.
  public var regions: [String]?

  /// Creates a rule.
  public init(priceList: String, meter: String? = nil, model: String, regions: [String]? = nil) {
    self.priceList = priceList
    self.meter = meter
    self.model = model
    self.regions = regions
  }

  /// Parses the command-line spelling `NAME=MODEL` or `NAME|METER=MODEL`; nil when a part is
  /// missing or empty.
  public init?(argument: String) {
    guard let equals = argument.lastIndex(of: "=") else { return nil }
    let left = argument[..<equals]
    let model = argument[argument.index(after: equals)...].trimmingSpaces
    var name = left.trimmingSpaces
    var meter: String?
    if let bar = left.firstIndex(of: "|") {
      name = left[..<bar].trimmingSpaces
      meter = left[left.index(after: bar)...].trimmingSpaces
      if meter?.isEmpty == true { return nil }
    }
    guard !name.isEmpty, !model.isEmpty else { return nil }
    self.init(priceList: name, meter: meter, model: model)
  }

  /// The command-line spelling, `NAME=MODEL` or `NAME|METER=MODEL` (without the Regions).
  public var argument: String {
    priceList + (meter.map { "|" + $0 } ?? "") + "=" + model
  }

  /// Whether the rule prices `model` from a meter of the price-list model `name` in `region`.
  public func matches(name: String, meter: String?, region: String) -> Bool {
    name == priceList && meter?.lowercased() == self.meter?.lowercased()
      && (regions?.contains(region) ?? true)
  }

  /// The canonical order: by price-list name, meter (standard first), then model.
  var sortKey: (String, String, String) { (priceList, meter.map { "1" + $0 } ?? "0", model) }
}

extension Substring {
  /// The text without leading and trailing whitespace.
  fileprivate var trimmingSpaces: String { trimmingCharacters(in: .whitespaces) }
}
