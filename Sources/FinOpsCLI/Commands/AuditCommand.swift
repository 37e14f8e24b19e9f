import ArgumentParser
import FinOpsCore
import FinOpsRepository

/// `finops audit`: replays git history against the roster and the lifecycle.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Check every transition commit against the roster and the lifecycle; exit 1 on any error.",
    discussion: """
      Reads the history in one git log pass. A transition commit must be authored by someone who \
      holds its persona (in the current finops.yml) and change exactly what that transition \
      produces. Any other commit may change only a workload's title, its Markdown body, or a \
      request still with its owner (draft or changes requested). Hand edits of state fields, \
      forged history, self-approval and skipped states are reported.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Audit only the commits after this revision (default: audit.baseline in finops.yml).")
  var since: String?

  @Option(help: "Output format: text, github or json.")
  var format: DiagnosticFormat = .text

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    guard workspace.git.isRepository else {
      throw Failure("\(workspace.repository.root) is not a git repository; there is no history to audit")
    }
    let report: HistoryAudit.Report
    do {
      report = try HistoryAudit(configuration: workspace.configuration).run(
        git: workspace.git, since: since ?? workspace.configuration.auditBaseline)
    } catch let error as GitError {
      throw Failure("cannot read the history: \(error)")
    }
    context.output.write(format.render(report.diagnostics, files: report.commits))
    let errors = report.diagnostics.filter { $0.severity == .error }.count
    if format != .json {
      context.errors.line(
        "audited \(report.commits) commit\(report.commits == 1 ? "" : "s") (\(report.transitions) transitions): \(errors) error\(errors == 1 ? "" : "s")")
    }
    if errors > 0 { throw ExitCode(1) }
  }
}
