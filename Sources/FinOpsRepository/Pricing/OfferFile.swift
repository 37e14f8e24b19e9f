import Foundation

/// The parts of an AWS Price List bulk offer file (`…/offers/v1.0/aws/{offerCode}/current/…/
/// index.json`) the importer reads; everything else in the file is ignored.
///
/// ```
/// { formatVersion, offerCode, version, publicationDate,
///   products: { SKU: { sku, productFamily, attributes: { regionCode, model, feature,
///                                                         inferenceType, … } } },
///   terms: { OnDemand: { SKU: { SKU.TERMCODE: { priceDimensions: { RATECODE: {
///     unit, pricePerUnit: { USD: "0.0008000000" }, … } } } } } } }
/// ```
struct OfferFile: Decodable {
  /// `AmazonBedrock`, `AmazonBedrockFoundationModels`, …
  var offerCode: String?
  /// The publication version, such as `20260901000000`.
  var version: String?
  /// Products by SKU.
  var products: [String: Product]?
  /// Price terms by kind.
  var terms: Terms?

  /// One SKU: what is sold.
  struct Product: Decodable {
    /// `regionCode`, `model`, `feature`, `inferenceType`, `serviceTier`, …
    var attributes: [String: Text]?
  }

  /// The price terms; only on-demand ones are read.
  struct Terms: Decodable {
    /// On-demand terms by SKU, then by offer term code.
    var onDemand: [String: [String: Term]]?

    /// The file spells the key `OnDemand`.
    enum CodingKeys: String, CodingKey {
      /// `OnDemand`.
      case onDemand = "OnDemand"
    }
  }

  /// One offer term of a SKU.
  struct Term: Decodable {
    /// Rates by rate code.
    var priceDimensions: [String: Dimension]?
  }

  /// One rate of a term: a price per unit, in one or more currencies.
  struct Dimension: Decodable {
    /// What one price is for: `1K tokens`, `1M tokens`, …
    var unit: String?
    /// Prices by currency code, as decimal strings.
    var pricePerUnit: [String: Text]?
  }

  /// A JSON value kept as the text it was written as when it is a string; any other value is
  /// recorded as not text, so a number price is reported instead of read through a binary double.
  enum Text: Decodable, Equatable {
    /// A JSON string.
    case string(String)
    /// Any other JSON value.
    case notText

    /// Reads a string, or records that the value is not one.
    init(from decoder: Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let text = try? container.decode(String.self) {
        self = .string(text)
      } else {
        self = .notText
      }
    }

    /// The string, nil when the value was not one.
    var string: String? {
      if case .string(let text) = self { return text }
      return nil
    }
  }
}
