import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops pricing`: the model price catalog the confirmed estimate is computed from.
struct PricingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pricing",
    abstract: "Maintain pricing/catalog.yml, the model prices behind the confirmed estimate.",
    subcommands: [PricingImportCommand.self])
}

/// `finops pricing import`: reads an AWS Price List offer file into the catalog.
struct PricingImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import on-demand token prices from an AWS Price List offer file (JSON).",
    discussion: """
      The offer file names models by display name ("Claude Sonnet 4.5"); the catalog's names: \
      section maps them to model IDs, and --model NAME=ID (or NAME|METER=ID) adds a mapping for \
      this import. Batch, cache and other non-token meters are reported and skipped; nothing is \
      dropped silently. Prices for the standards' Regions only, unless --all-regions.
      """)

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The offer file, e.g. the AmazonBedrock or AmazonBedrockFoundationModels index.json.")
  var file: String
  @Option(name: .customLong("model"), help: "Map a price-list model name to a model ID: NAME=ID.")
  var models: [String] = []
  @Flag(name: .customLong("all-regions"), help: "Import every Region, not only the standards' Regions.")
  var allRegions = false
  @Flag(name: .customLong("dry-run"), help: "Show what would change without writing.")
  var dryRun = false

  func run() throws {
    let context = Context.current
    let space = try Workspace(repository, context: context)
    let loaded = PriceCatalogFile.load(space.repository, expectedCurrency: space.configuration.currency)
    guard let catalog = loaded.catalog, !loaded.diagnostics.hasErrors else {
      throw Failure(diagnostics: loaded.diagnostics)
    }
    var extra: [PriceListName] = []
    for argument in models {
      guard let name = PriceListName(argument: argument) else {
        throw ValidationError("--model '\(argument)' is not NAME=MODEL_ID (or NAME|METER=MODEL_ID)")
      }
      extra.append(name)
    }
    let path = file.hasPrefix("/") ? file : context.currentDirectory + "/" + file
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationError("cannot read \(file)")
    }
    let importer = OfferFileImporter(
      names: catalog.names + extra, currency: catalog.currency,
      regions: allRegions ? nil : space.configuration.standards.regions)
    let outcome = importer.read(path: file, text: String(decoding: data, as: UTF8.self))
    for diagnostic in outcome.diagnostics { context.errors.line(diagnostic.description) }
    if outcome.diagnostics.hasErrors { throw Failure("nothing imported: the offer file has errors") }
    let (merged, changes) = outcome.merged(into: catalog)
    for line in changes.lines { context.output.line(line) }
    context.output.line(changes.summary)
    if dryRun || changes.added.isEmpty && changes.changed.isEmpty {
      context.output.line(dryRun ? "dry run: \(PriceCatalogFile.path) not written" : "\(PriceCatalogFile.path) is up to date")
      return
    }
    try PriceCatalogFile.save(merged, in: space.repository)
    context.output.line("wrote \(PriceCatalogFile.path); commit it so the next approvals use these prices")
  }
}
