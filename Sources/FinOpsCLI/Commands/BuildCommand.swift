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
      SOURCE_DATE_EPOCH when set (reproducible builds), else the system clock.
      """)

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "The output folder, relative to the repository root.")
  var output = "site"

  @Flag(help: "Print how long each stage took, and the peak memory, to standard error.")
  var timings = false

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let target = output.hasPrefix("/") ? output : workspace.repository.absolute(output)
    var stopwatch = Stopwatch()
    let files = try Self.build(workspace, into: target, stopwatch: &stopwatch)
    context.errors.line("built \(files.count) files for \(files.workloads) workloads into \(output)/")
    if timings { context.errors.line(stopwatch.report()) }
  }

  /// Checks, renders and writes the site; returns what it wrote.
  static func build(_ workspace: Workspace, into target: String) throws -> (count: Int, workloads: Int) {
    var stopwatch = Stopwatch()
    return try build(workspace, into: target, stopwatch: &stopwatch)
  }

  /// Checks, renders and writes the site, timing each stage; returns what it wrote.
  static func build(_ workspace: Workspace, into target: String, stopwatch: inout Stopwatch) throws -> (count: Int, workloads: Int) {
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
        stopwatch: &stopwatch))
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

  /// Reads every cost export under `spend/`, attributes it and makes the weekly cards; nil
  /// without exports. Problems in the exports are printed; the rows they affect are reported,
  /// never silently dropped, and do not stop the build.
  static func spend(
    _ repository: Repository, workloads: [Workload], configuration: Configuration, through: Day,
    context: Context, stopwatch: inout Stopwatch
  ) -> SpendReport? {
    let files = SpendExportReader.exportFiles(root: repository.root)
    guard !files.isEmpty else { return nil }
    defer { stopwatch.lap("spend cards") }
    var attribution = Attribution(workloads: workloads, configuration: configuration)
    var problems: [Diagnostic] = []
    for path in files {
      _ = SpendExportReader.read(
        root: repository.root, path: path, record: { attribution.add($0) },
        diagnostic: { problems.append($0) })
    }
    for problem in Diagnostic.sorted(problems) { context.errors.line(problem.description) }
    stopwatch.lap("spend: read and attribute")
    let ledger = attribution.ledger()
    stopwatch.lap("spend: ledger")
    return SpendReport.make(ledger: ledger, configuration: configuration, through: through)
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
