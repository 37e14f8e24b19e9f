import ArgumentParser
import FinOpsCore
import FinOpsRepository
import FinOpsSite
import FinOpsSpend
import Foundation

/// `finops build`: renders the repository into a static site.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Render the dashboards, review queue, workload pages, Spaces, feeds and JSON export.",
    discussion: """
      Runs every finops check rule first and refuses to write when there are errors. The site is
      written to a temporary folder and swapped in, so a failed build never leaves half a site.
      Pages use the built-in templates, overridden file by file by templates/*.mustache and
      templates/assets/. The clock is FINOPS_NOW or
      SOURCE_DATE_EPOCH when set (reproducible builds), else the system clock. The spend report
      is kept in .finops-cache/ and used again while the exports, finops.yml, the claimed
      components, the day and finops itself are unchanged (keyed by their content).
      """)

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "The output folder, relative to the repository root.")
  var output = "site"

  @Flag(help: "Print how long each stage took, and the peak memory, to standard error.")
  var timings = false

  @Flag(help: "Neither read nor write the build cache (.finops-cache/ in the repository).")
  var noCache = false

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let target = output.hasPrefix("/") ? output : workspace.repository.absolute(output)
    var stopwatch = Stopwatch()
    let files = try Self.build(workspace, into: target, cache: !noCache, stopwatch: &stopwatch)
    context.errors.line("built \(files.count) files for \(files.workloads) workloads into \(output)/")
    if timings { context.errors.line(stopwatch.report()) }
  }

  /// Checks, renders and writes the site; returns what it wrote.
  static func build(_ workspace: Workspace, into target: String, cache: Bool = true) throws -> (count: Int, workloads: Int) {
    var stopwatch = Stopwatch()
    return try build(workspace, into: target, cache: cache, stopwatch: &stopwatch)
  }

  /// Checks, renders and writes the site, timing each stage; returns what it wrote.
  static func build(
    _ workspace: Workspace, into target: String, cache: Bool, stopwatch: inout Stopwatch
  ) throws -> (count: Int, workloads: Int) {
    let context = workspace.context
    let snapshot = RepositorySnapshot.load(workspace.repository)
    stopwatch.lap("load and check")
    let errors = snapshot.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
      for diagnostic in snapshot.diagnostics { context.output.line(diagnostic.description) }
      throw Failure("not building: finops check found \(errors.count) error\(errors.count == 1 ? "" : "s")")
    }
    guard let configuration = snapshot.configuration else { throw Failure("finops.yml did not load") }
    let templates = try templates(in: workspace.repository)
    let now = try buildTime(workspace)
    let workloads = snapshot.documents.map(\.workload)
    let input = SiteInput(
      configuration: configuration,
      workloads: snapshot.documents.map {
        SiteWorkload(workload: $0.workload, body: $0.frontMatter.body, path: $0.path)
      },
      templates: templates, now: now,
      spend: spend(
        workspace.repository, workloads: workloads, configuration: configuration, through: now.day, context: context,
        cache: cache ? SpendCache(folder: workspace.repository.absolute(cacheFolder)) : nil, stopwatch: &stopwatch))
    let writer = try SiteWriter(output: target)
    let count: Int
    do {
      let builder = try SiteBuilder(input)
      stopwatch.lap("derive")
      count = try builder.build(into: writer)
      stopwatch.lap("render and write")
      try writer.commit()
    } catch let error as TemplateError {
      writer.abandon()
      throw Failure(error.description)
    } catch {
      writer.abandon()
      throw error
    }
    return (count, workloads.count)
  }

  /// The build cache's folder, relative to the repository root.
  static let cacheFolder = ".finops-cache"

  /// Reads every cost export under `spend/`, attributes it and makes the weekly cards; nil
  /// without exports. Problems in the exports are printed; the rows they affect are reported,
  /// never silently dropped, and do not stop the build. With a cache, a report kept for exactly
  /// these inputs (`SpendCache.key`) is used instead, and a report made is kept.
  static func spend(
    _ repository: Repository, workloads: [Workload], configuration: Configuration, through: Day,
    context: Context, cache: SpendCache?, stopwatch: inout Stopwatch
  ) -> SpendReport? {
    let files = SpendExportReader.exportFiles(root: repository.root)
    guard !files.isEmpty else { return nil }
    let key = cache.flatMap { _ in
      FileManager.default.contents(atPath: repository.absolute(Repository.configurationFile)).flatMap {
        SpendCache.key(
          root: repository.root, files: files, workloads: workloads, configuration: [UInt8]($0),
          through: through)
      }
    }
    if let cache, let key, let entry = cache.load(key: key) {
      for problem in entry.problems { context.errors.line(problem) }
      stopwatch.lap("spend, from the cache")
      return entry.report
    }
    var problems: [Diagnostic] = []
    // The attribution's running sums (the larger part of the stage's memory) are let go when
    // it returns, before the cards are made.
    let ledger = attribute(
      files, root: repository.root, workloads: workloads, configuration: configuration,
      problems: &problems, stopwatch: &stopwatch)
    stopwatch.lap("spend: ledger")
    let printed = Diagnostic.sorted(problems).map(\.description)
    for problem in printed { context.errors.line(problem) }
    let report = SpendReport.make(ledger: ledger, configuration: configuration, through: through)
    stopwatch.lap("spend cards")
    if let cache, let key {
      do {
        try cache.store(SpendCache.Entry(report: report, problems: printed), key: key)
        stopwatch.lap("spend: kept in the cache")
      } catch {
        context.errors.line("warning: could not keep the spend report in \(cacheFolder)/: \(error)")
      }
    }
    return report
  }

  /// Reads and attributes every export; returns the ledger.
  private static func attribute(
    _ files: [String], root: String, workloads: [Workload], configuration: Configuration,
    problems: inout [Diagnostic], stopwatch: inout Stopwatch
  ) -> SpendLedger {
    var attribution = Attribution(workloads: workloads, configuration: configuration)
    for path in files {
      _ = SpendExportReader.read(
        root: root, path: path, record: { attribution.add($0) },
        diagnostic: { problems.append($0) })
    }
    stopwatch.lap("spend: read and attribute")
    return attribution.ledger()
  }

  /// FINOPS_NOW, else SOURCE_DATE_EPOCH, else the system clock.
  static func buildTime(_ workspace: Workspace) throws -> Timestamp {
    if workspace.context.environment["FINOPS_NOW"] == nil,
      let epoch = workspace.context.environment["SOURCE_DATE_EPOCH"].flatMap(Int64.init)
    {
      return Timestamp(seconds: epoch)
    }
    return try workspace.now()
  }

  /// The built-in templates and assets, each overridden by the repository's own file of the same
  /// name in `templates/` (`*.mustache`) or `templates/assets/`.
  static func templates(in repository: Repository) throws -> Templates {
    var templates = Templates.builtIn
    let folder = repository.absolute("templates")
    let manager = FileManager.default
    for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".mustache") {
      templates.sources[String(name.dropLast(".mustache".count))] =
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }
    for name in (try? manager.contentsOfDirectory(atPath: folder + "/assets")) ?? [] where !name.hasPrefix(".") {
      templates.assets[name] = try String(contentsOfFile: folder + "/assets/" + name, encoding: .utf8)
    }
    return templates
  }
}
