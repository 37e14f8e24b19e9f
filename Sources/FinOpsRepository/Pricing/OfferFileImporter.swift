import FinOpsCore
import Foundation

/// Reads the on-demand input and output token prices of an AWS Price List bulk offer file
/// (`AmazonBedrock`, `AmazonBedrockFoundationModels`) into price catalog entries.
///
/// A SKU becomes a price when its product attributes say `feature: On-demand Inference` and an
/// `inferenceType` of `Input tokens` / `Output tokens` (the standard meter) or `<meter> input
/// tokens` / `<meter> output tokens` (such as `Cross-region global`), and a name rule
/// (`PriceListName`) maps its `model` attribute and meter in its `regionCode` to a model ID. Its
/// price is the single on-demand price dimension's `pricePerUnit` in the catalog currency, read
/// as an exact decimal from the JSON string (`"0.0008000000"`), in its published `unit`
/// (`1K tokens` or `1M tokens`). An entry needs both directions.
///
/// Nothing is dropped silently: batch, prompt-cache, priority and other meters, other features
/// and other Regions are reported as notes (`pricing.import.ignored`); unmapped model names,
/// unknown units, unusable prices and half-priced models as warnings; two different prices for
/// one model and direction as an error. `OfferFileImport.skipped` lists every such SKU.
public struct OfferFileImporter: Sendable {
  /// The rules that map price-list model names and meters to model IDs, usually the catalog's
  /// `names` plus any given on the command line.
  public var names: [PriceListName]
  /// The currency to read from `pricePerUnit`: the catalog's.
  public var currency: String
  /// The Regions to import (usually `standards.regions`); nil for every Region in the file.
  public var regions: [String]?

  /// Creates an importer.
  public init(names: [PriceListName], currency: String = "USD", regions: [String]? = nil) {
    self.names = names
    self.currency = currency
    self.regions = regions
  }

  /// The direction of a token meter, spelt as `inferenceType` ends.
  enum Direction: String, CaseIterable {
    /// `… input tokens`.
    case input = "input tokens"
    /// `… output tokens`.
    case output = "output tokens"

    /// `input` or `output`, for messages.
    var word: String { self == .input ? "input" : "output" }
  }

  /// One published price of one direction, with the SKU it came from.
  struct Quote {
    /// The published unit.
    var unit: PriceUnit
    /// The price per unit.
    var price: Money
    /// The SKU that published it.
    var sku: String

    /// The price of one token, for comparing quotes in different units.
    var perToken: Decimal { price.value * unit.perToken }
  }

  /// Reads the offer file's `text`; `path` names it in diagnostics.
  public func read(path: String, text: String) -> OfferFileImport {
    var run = Run(path: path, text: text, importer: self)
    return run.read()
  }

  /// The meter and direction of an `inferenceType`: `Input tokens` is the standard meter (nil),
  /// `Cross-region global output tokens` the output side of `Cross-region global`. Nil when the
  /// value does not end in a direction.
  static func meter(of inferenceType: String) -> (meter: String?, direction: Direction)? {
    let lowered = inferenceType.lowercased()
    for direction in Direction.allCases {
      if lowered == direction.rawValue { return (nil, direction) }
      if lowered.hasSuffix(" " + direction.rawValue) {
        let prefix = inferenceType.dropLast(direction.rawValue.count)
          .trimmingCharacters(in: .whitespaces)
        return (prefix, direction)
      }
    }
    return nil
  }

  /// Words that mark a meter or service tier that is not the plain on-demand token price.
  static let excludedWords = ["cache", "batch", "priority", "flex", "provisioned", "reserved"]
}

extension OfferFileImporter {
  /// The state of one read: quotes by model and Region, skipped SKUs and their groups.
  fileprivate struct Run {
    /// The file, for diagnostics.
    let path: String
    /// The file's text.
    let text: String
    /// The rules, currency and Regions.
    let importer: OfferFileImporter
    /// Usable prices by model and Region, then direction.
    var quotes: [PriceEntry.Key: [Direction: [Quote]]] = [:]
    /// Models whose price had a SKU already reported as unusable: not reported again as
    /// incomplete.
    var troubled: Set<PriceEntry.Key> = []
    /// SKUs not imported so far.
    var skipped: [OfferFileImport.Skipped] = []
    /// Skipped SKUs that share a diagnostic, in order of first appearance.
    var groups: [Group] = []
    /// Where each group is in `groups`, by reason and `what`.
    var groupIndex: [String: Int] = [:]
    /// Problems, each with the SKU whose position it is reported at.
    var diagnostics: [(sku: String, diagnostic: Diagnostic)] = []

    /// SKUs that share one diagnostic.
    struct Group {
      /// Why its SKUs were not imported.
      var reason: OfferFileImport.Skipped.Reason
      /// What the SKUs have in common, after the count: `with feature 'Batch Inference'`.
      var what: String
      /// Why they were not imported.
      var why: String
      /// Notes for the diagnostic.
      var notes: [String]
      /// The SKUs, in file-key order.
      var skus: [String] = []
      /// The Regions they are in, when the message names them.
      var regions: [String] = []
    }

    /// The name rules by price-list name.
    let rulesByName: [String: [PriceListName]]

    /// Starts a read.
    init(path: String, text: String, importer: OfferFileImporter) {
      self.path = path
      self.text = text
      self.importer = importer
      rulesByName = Dictionary(grouping: importer.names, by: \.priceList)
    }

    /// Decodes the file and classifies every SKU.
    mutating func read() -> OfferFileImport {
      let file: OfferFile
      do {
        file = try JSONDecoder().decode(OfferFile.self, from: Data(text.utf8))
      } catch {
        return failure("\(path) is not an AWS Price List offer file: \(Self.describe(error))")
      }
      guard let products = file.products else {
        return failure("\(path) has no 'products': it is not an AWS Price List offer file")
      }
      let source = [file.offerCode, file.version].compactMap { $0 }.joined(separator: " ")
      for sku in products.keys.sorted() {
        read(sku: sku, attributes: products[sku]?.attributes ?? [:], file: file)
      }
      let entries = finish(source: source.isEmpty ? nil : source)
      for group in groups { diagnostic(for: group) }
      return OfferFileImport(
        offerCode: file.offerCode, version: file.version, entries: entries,
        skipped: skipped.sorted { ($0.sku, $0.reason.rawValue) < ($1.sku, $1.reason.rawValue) },
        diagnostics: located())
    }

    /// The diagnostics, each moved to where its SKU is written, sorted.
    func located() -> [Diagnostic] {
      let positions = JSONKeyLocator.locations(
        ofKeys: Set(diagnostics.map(\.sku)), path: path, text: text)
      return Diagnostic.sorted(
        diagnostics.map { sku, diagnostic in
          var moved = diagnostic
          if let position = positions[sku] { moved.location = position }
          return moved
        })
    }

    /// Records a problem to be reported where `sku` is written.
    mutating func report(
      _ severity: Severity, at sku: String, rule: String, _ message: String, notes: [String] = []
    ) {
      let start = SourceLocation(path: path, line: 1, column: 1)
      diagnostics.append((sku, Diagnostic(severity, start, rule: rule, message, notes: notes)))
    }

    /// An outcome with one `pricing.import.format` error.
    func failure(_ message: String) -> OfferFileImport {
      OfferFileImport(
        offerCode: nil, version: nil, entries: [], skipped: [],
        diagnostics: [
          .error(
            SourceLocation(path: path, line: 1, column: 1), rule: "pricing.import.format", message)
        ])
    }

    /// A decoding error in words, with the JSON path where it happened.
    static func describe(_ error: Error) -> String {
      guard let error = error as? DecodingError else { return "\(error)" }
      func at(_ path: [CodingKey]) -> String {
        path.isEmpty ? "the top level" : path.map(\.stringValue).joined(separator: ".")
      }
      switch error {
      case .typeMismatch(_, let context), .valueNotFound(_, let context),
        .keyNotFound(_, let context):
        return "unexpected value at \(at(context.codingPath)): \(context.debugDescription)"
      case .dataCorrupted(let context):
        let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
        return "invalid JSON at \(at(context.codingPath)): \(context.debugDescription)\(underlying)"
      @unknown default:
        return "\(error)"
      }
    }

    /// Classifies one SKU: a quote for each model its name rules map it to, or a skip.
    mutating func read(sku: String, attributes: [String: OfferFile.Text], file: OfferFile) {
      func attribute(_ name: String) -> String? { attributes[name]?.string }
      let name = attribute("model")
      let region = attribute("regionCode")
      let feature = attribute("feature")
      let inferenceType = attribute("inferenceType")
      let label = Self.label(name: name, inferenceType: inferenceType, region: region)

      guard feature?.lowercased() == "on-demand inference" else {
        let what = feature.map { "with feature '\($0)'" } ?? "without a feature"
        skip(
          sku, .notOnDemand, "\(label) \(what) is not on-demand inference",
          group: what, why: "only on-demand inference prices go into the catalog")
        return
      }
      guard let inferenceType, let (meter, direction) = OfferFileImporter.meter(of: inferenceType)
      else {
        let what = inferenceType.map { "with inferenceType '\($0)'" } ?? "without an inferenceType"
        skip(
          sku, .notTokenMeter, "\(label) is not an input or output token meter",
          group: what, why: "not an input or output token meter")
        return
      }
      let tier = attribute("serviceTier")
      let marks = [meter?.lowercased() ?? "", tier?.lowercased() ?? ""]
      if OfferFileImporter.excludedWords.contains(where: { word in
        marks.contains { $0.contains(word) }
      }) {
        let what =
          "with inferenceType '\(inferenceType)'" + (tier.map { ", serviceTier '\($0)'" } ?? "")
        skip(
          sku, .excludedMeter, "\(label) is a prompt-cache, batch or service-tier meter",
          group: what,
          why: "prompt-cache, batch and service-tier meters are not on-demand token prices")
        return
      }
      guard let name, let region else {
        let missing = name == nil ? "model" : "regionCode"
        skip(sku, .unpriced, "\(label) has no '\(missing)' attribute", group: nil, why: "")
        return
      }
      if let regions = importer.regions, !regions.contains(region) {
        skip(
          sku, .outOfRegion, "\(label) is outside the imported Regions",
          group: "in \(region)",
          why: "not one of the imported Regions (\(regions.joined(separator: ", ")))")
        return
      }
      let rules = (rulesByName[name] ?? []).filter {
        $0.matches(name: name, meter: meter, region: region)
      }
      guard !rules.isEmpty else {
        unmapped(sku, name: name, meter: meter, region: region, label: label)
        return
      }
      guard let quote = quote(sku: sku, label: label, file: file) else {
        for rule in rules { troubled.insert(PriceEntry.Key(model: rule.model, region: region)) }
        return
      }
      for rule in rules {
        quotes[PriceEntry.Key(model: rule.model, region: region), default: [:]][
          direction, default: []
        ]
        .append(quote)
      }
    }

    /// Records a SKU whose model name and meter no rule maps in its Region.
    mutating func unmapped(
      _ sku: String, name: String, meter: String?, region: String, label: String
    ) {
      let meterText = meter.map { "meter '\($0)'" } ?? "standard meter"
      let rules = rulesByName
      skip(
        sku, .unmapped, "\(label) has no name rule mapping it to a model ID",
        group: "of price-list model '\(name)' (\(meterText))",
        why: "no name rule maps it to a model ID",
        notes: Self.unmappedNotes(name: name, meter: meter, rules: rules),
        region: region)
    }

    /// How to map an unmapped model, and the rule it may have been meant to match.
    static func unmappedNotes(
      name: String, meter: String?, rules: [String: [PriceListName]]
    ) -> [String] {
      var notes = [
        "map it under names in \(PriceCatalogFile.path): price_list: \(name)"
          + (meter.map { ", meter: \($0)" } ?? "") + ", model: <model ID>"
      ]
      if rules[name] == nil, let close = Suggestion.closest(to: name, in: rules.keys) {
        notes.append("a name rule exists for '\(close)'; is it the same model?")
      }
      return notes
    }

    /// The SKU's single on-demand price in the catalog currency, or a skip saying why not.
    mutating func quote(sku: String, label: String, file: OfferFile) -> Quote? {
      let terms = file.terms?.onDemand?[sku] ?? [:]
      var dimensions: [OfferFile.Dimension] = []
      for code in terms.keys.sorted() {
        let rates = terms[code]?.priceDimensions ?? [:]
        for rate in rates.keys.sorted() {
          if let dimension = rates[rate] { dimensions.append(dimension) }
        }
      }
      guard let first = dimensions.first else {
        skip(sku, .unpriced, "\(label) has no on-demand price", group: nil, why: "")
        return nil
      }
      guard
        dimensions.allSatisfy({ $0.unit == first.unit && $0.pricePerUnit == first.pricePerUnit })
      else {
        skip(
          sku, .unpriced,
          "\(label) has \(dimensions.count) different on-demand prices (a tiered price); "
            + "the catalog holds one price per unit",
          group: nil, why: "")
        return nil
      }
      let unitText = first.unit ?? ""
      guard let unit = PriceUnit(rawValue: unitText) else {
        skip(
          sku, .unknownUnit,
          "\(label) is priced per '\(unitText)', not per " + PriceUnit.choices
            + Suggestion.didYouMean(unitText, in: PriceUnit.spellings),
          group: nil, why: "")
        return nil
      }
      let prices = first.pricePerUnit ?? [:]
      let currency = importer.currency
      guard let value = prices[currency] else {
        let listed = prices.keys.sorted().joined(separator: ", ")
        skip(
          sku, .unpriced,
          "\(label) has no \(currency) price" + (listed.isEmpty ? "" : " (it lists \(listed))"),
          group: nil, why: "")
        return nil
      }
      guard let text = value.string else {
        skip(
          sku, .unpriced,
          "\(label) has a pricePerUnit.\(currency) that is not a JSON string; "
            + "prices are read exactly from strings such as \"0.0008000000\"",
          group: nil, why: "")
        return nil
      }
      guard let price = Money(parsing: text), price >= .zero else {
        skip(
          sku, .unpriced,
          "\(label) has the price '\(text)', which is not a decimal of zero or more",
          group: nil, why: "")
        return nil
      }
      return Quote(unit: unit, price: price, sku: sku)
    }

    /// One entry per model and Region that has one input and one output price.
    mutating func finish(source: String?) -> [PriceEntry] {
      var entries: [PriceEntry] = []
      for key in quotes.keys.sorted() {
        let sides = quotes[key] ?? [:]
        var chosen: [Direction: Quote] = [:]
        var consistent = true
        for direction in Direction.allCases {
          let found = sides[direction] ?? []
          guard let first = found.first else { continue }
          let different = found.filter { $0.perToken != first.perToken }
          if different.isEmpty {
            chosen[direction] = first
            continue
          }
          consistent = false
          let listed = ([first] + different).map {
            "\($0.price.canonical) per \($0.unit.rawValue) (SKU \($0.sku))"
          }
          for quote in [first] + different {
            skipped.append(
              .init(
                sku: quote.sku, reason: .conflict,
                detail: "\(key) gets different \(direction.word) prices"))
          }
          report(
            .error, at: first.sku, rule: OfferFileImport.Skipped.Reason.conflict.rule,
            "\(key) gets different \(direction.word) prices: "
              + listed.joined(separator: " and ") + "; not imported",
            notes: ["check the name rules in \(PriceCatalogFile.path) that map to \(key.model)"])
        }
        guard consistent else {
          // The other direction's SKUs are not imported either: say so in `skipped`.
          let reported = Set(skipped.filter { $0.reason == .conflict }.map(\.sku))
          for quote in sides.values.joined() where !reported.contains(quote.sku) {
            skipped.append(
              .init(
                sku: quote.sku, reason: .conflict,
                detail: "\(key) is not imported because another of its prices is in conflict"))
          }
          continue
        }
        guard let input = chosen[.input], let output = chosen[.output] else {
          let present = chosen[.input] ?? chosen[.output]
          guard let present else { continue }
          let (has, lacks) = chosen[.input] == nil ? ("an output", "input") : ("an input", "output")
          let detail = "\(key) has \(has) price (SKU \(present.sku)) but no \(lacks) price"
          skipped.append(.init(sku: present.sku, reason: .incomplete, detail: detail))
          if troubled.contains(key) { continue }
          report(
            .warning, at: present.sku, rule: OfferFileImport.Skipped.Reason.incomplete.rule,
            detail + "; not imported")
          continue
        }
        entries.append(
          PriceEntry(
            model: key.model, region: key.region, unit: input.unit, input: input.price,
            output: output.unit.convert(output.price, to: input.unit), source: source))
      }
      return entries
    }

    /// Records a skipped SKU; SKUs with the same reason and `group` share one diagnostic, a SKU
    /// without a group gets its own.
    mutating func skip(
      _ sku: String, _ reason: OfferFileImport.Skipped.Reason, _ detail: String,
      group what: String?, why: String, notes: @autoclosure () -> [String] = [],
      region: String? = nil
    ) {
      skipped.append(.init(sku: sku, reason: reason, detail: detail))
      guard let what else {
        report(reason.severity, at: sku, rule: reason.rule, "SKU \(sku): \(detail); not imported")
        return
      }
      let id = reason.rawValue + "\u{0}" + what
      if groupIndex[id] == nil {
        groupIndex[id] = groups.count
        groups.append(Group(reason: reason, what: what, why: why, notes: notes()))
      }
      guard let index = groupIndex[id] else { return }
      groups[index].skus.append(sku)
      if let region, !groups[index].regions.contains(region) {
        groups[index].regions.append(region)
      }
    }

    /// One diagnostic for a group of skipped SKUs, at the first of them.
    mutating func diagnostic(for group: Group) {
      guard let first = group.skus.first else { return }
      let count = group.skus.count
      let noun = count == 1 ? "SKU" : "SKUs"
      let verb = group.reason.severity == .note ? "ignored" : "did not import"
      let regions =
        group.regions.isEmpty ? "" : " in " + group.regions.sorted().joined(separator: ", ")
      let shown =
        group.skus.prefix(5).joined(separator: ", ")
        + (count > 5 ? " and \(count - 5) more" : "")
      report(
        group.reason.severity, at: first, rule: group.reason.rule,
        "\(verb) \(count) \(noun) \(group.what)\(regions): \(group.why)",
        notes: group.notes + ["\(noun): \(shown)"])
    }

    /// `Claude Sonnet 4.5 'Input tokens' in us-east-1`, for messages.
    static func label(name: String?, inferenceType: String?, region: String?) -> String {
      var parts = [name ?? "(no model)"]
      if let inferenceType { parts.append("'\(inferenceType)'") }
      if let region { parts.append("in \(region)") }
      return parts.joined(separator: " ")
    }
  }
}
