import FinOpsCore

/// What reading one AWS Price List offer file yields: the on-demand token prices it holds for
/// mapped models, every SKU it did not import and why, and the diagnostics to print.
public struct OfferFileImport: Sendable {
  /// One SKU of the offer file that produced no price, and why.
  public struct Skipped: Sendable, Hashable {
    /// Why a SKU was not imported.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
      /// Its `feature` is not `On-demand Inference` (batch, customization, …): a note.
      case notOnDemand = "not-on-demand"
      /// Its `inferenceType` is not `… input tokens` or `… output tokens`: a note.
      case notTokenMeter = "not-token-meter"
      /// A prompt-cache, batch, priority or flex meter or service tier: a note.
      case excludedMeter = "excluded-meter"
      /// Its Region is not one of those imported: a note.
      case outOfRegion = "out-of-region"
      /// No name rule maps its model name and meter to a model ID in its Region: a warning.
      case unmapped
      /// Its `unit` is neither `1K tokens` nor `1M tokens`: a warning.
      case unknownUnit = "unknown-unit"
      /// No single usable price: no on-demand term, tiers, no price in the catalog currency, a
      /// price that is not an exact decimal string, or a missing attribute: a warning.
      case unpriced
      /// Its model has an input price without an output price, or the reverse: a warning.
      case incomplete
      /// Its model gets two different prices for one direction: an error.
      case conflict

      /// How serious the reason is.
      public var severity: Severity {
        switch self {
        case .notOnDemand, .notTokenMeter, .excludedMeter, .outOfRegion: .note
        case .unmapped, .unknownUnit, .unpriced, .incomplete: .warning
        case .conflict: .error
        }
      }

      /// The rule id of its diagnostic.
      public var rule: String {
        switch self {
        case .notOnDemand, .notTokenMeter, .excludedMeter, .outOfRegion: "pricing.import.ignored"
        case .unmapped: "pricing.import.unmapped-model"
        case .unknownUnit: "pricing.import.unknown-unit"
        case .unpriced: "pricing.import.unpriced"
        case .incomplete: "pricing.import.incomplete"
        case .conflict: "pricing.import.conflict"
        }
      }
    }

    /// The SKU, the key of `products` and `terms.OnDemand`.
    public var sku: String
    /// Why it was not imported.
    public var reason: Reason
    /// One sentence naming the SKU's model, meter and Region and what was wrong.
    public var detail: String

    /// Creates a record of a skipped SKU.
    public init(sku: String, reason: Reason, detail: String) {
      self.sku = sku
      self.reason = reason
      self.detail = detail
    }
  }

  /// The offer file's `offerCode`, such as `AmazonBedrock`.
  public var offerCode: String?
  /// The offer file's `version`, such as `20260901000000`.
  public var version: String?
  /// The prices read, one per model and Region, in canonical order, each with `source` set to
  /// the offer code and version.
  public var entries: [PriceEntry]
  /// Every SKU that produced no price, sorted by SKU.
  public var skipped: [Skipped]
  /// The problems to show, grouped so that a large offer file yields a few lines, each at the
  /// position of its first SKU: notes for what is out of scope, warnings for what could not be
  /// imported, errors for conflicts and an unreadable file.
  public var diagnostics: [Diagnostic]

  /// Creates an outcome.
  public init(
    offerCode: String?, version: String?, entries: [PriceEntry], skipped: [Skipped],
    diagnostics: [Diagnostic]
  ) {
    self.offerCode = offerCode
    self.version = version
    self.entries = entries
    self.skipped = skipped
    self.diagnostics = diagnostics
  }

  /// `catalog` with the imported prices merged in, and what that changes; see
  /// `PriceCatalog.merge(_:with:)`. Callers should not write the result when `diagnostics` has
  /// errors.
  public func merged(into catalog: PriceCatalog) -> (
    catalog: PriceCatalog, changes: PriceCatalogChanges
  ) {
    (
      PriceCatalog.merge(catalog, with: entries),
      PriceCatalogChanges(from: catalog, merging: entries)
    )
  }
}
