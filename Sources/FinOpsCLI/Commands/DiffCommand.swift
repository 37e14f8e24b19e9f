import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops diff`: what a pull request changes, for a comment or a terminal.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Summarise the workload changes between two revisions: transitions and cost.",
    discussion: """
      Markdown for a pull-request comment (--format markdown, the default) or plain text. Lists \
      each changed component, the transitions in the range and who took them, and each \
      component's monthly cost against its budget, with the change. --fail-on over-budget exits 1 \
      when an approval in the range puts a confirmed estimate over the Product Owner's budget; \
      --fail-on audit when finops audit finds errors in the range.
      """)

  enum Format: String, ExpressibleByArgument { case markdown, text }
  enum Rule: String, ExpressibleByArgument { case overBudget = "over-budget", audit }

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The base revision, e.g. origin/main or the merge base.") var base: String
  @Argument(help: "The head revision.") var head = "HEAD"
  @Option var format: Format = .markdown
  @Option(name: .customLong("fail-on"), help: "over-budget or audit; repeat for both.")
  var failOn: [Rule] = []

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let changes: RevisionChanges
    do {
      changes = try RevisionChanges.between(base, head, git: workspace.git)
    } catch let error as GitError {
      throw Failure("cannot compare \(base) with \(head): \(error)")
    }
    let currency = workspace.configuration.currency
    let roster = workspace.configuration.roster
    let markdown = format == .markdown
    var lines: [String] = []
    var overBudget: [String] = []
    var monthlyChange = Money.zero
    let count = changes.components.count
    let counted = "\(count) AI component\(count == 1 ? "" : "s")"
    lines.append(
      markdown
        ? "### FinOps Center: \(counted) changed" : "\(counted) changed between \(base) and \(head)"
    )
    if markdown && !changes.components.isEmpty {
      lines.append("")
      lines.append("| Component | Status | Transitions | Monthly cost | vs budget |")
      lines.append("| --- | --- | --- | ---: | --- |")
    }
    for change in changes.components {
      let after = change.after
      let status = [change.before?.status.rawValue, after?.status.rawValue].compactMap { $0 }
      let statusText = status.count == 2 && status[0] != status[1] ? "\(status[0]) → \(status[1])" : (status.last ?? "removed")
      let transitions = change.newEntries.map { entry in
        "\(entry.transition.rawValue) by \(roster.name(of: entry.by) ?? entry.by)"
      }.joined(separator: ", ")
      let budget = after?.request.monthlyBudget ?? .zero
      let cost = after?.approval?.estimate.monthly ?? budget
      let previous = change.before.map { $0.approval?.estimate.monthly ?? $0.request.monthlyBudget } ?? .zero
      monthlyChange += cost - previous
      var versus = "–"
      if let approval = after?.approval {
        let comparison = EstimateComparison(estimate: approval.estimate.monthly, budget: budget)
        versus = comparison.percentText.map { "\($0) of budget" } ?? "no budget"
        let approvedHere = change.newEntries.contains { $0.transition == .approve }
        if approvedHere && approval.estimate.monthly > budget { overBudget.append(change.reference) }
      }
      let title = change.workload.title
      if markdown {
        lines.append("| **\(escape(title))** `\(change.reference)` | \(statusText) | \(escape(transitions.isEmpty ? "edited" : transitions)) | \(cost.display(currency)) | \(versus) |")
      } else {
        lines.append("  \(change.reference)  \(title): \(statusText); \(transitions.isEmpty ? "edited" : transitions); \(cost.display(currency))/month (\(versus))")
      }
    }
    let sign = monthlyChange > .zero ? "+" : monthlyChange < .zero ? "-" : "±"
    let magnitude = Money(monthlyChange.value < 0 ? -monthlyChange.value : monthlyChange.value)
    lines.append("")
    lines.append((markdown ? "**Monthly cost change: " : "Monthly cost change: ") + "\(sign)\(magnitude.display(currency))" + (markdown ? "** (confirmed estimates where approved, budgets otherwise)" : ""))
    for problem in changes.problems { lines.append((markdown ? "- " : "  ") + problem.description) }
    var failures: [String] = []
    if failOn.contains(.overBudget) && !overBudget.isEmpty {
      failures.append("approved over the Product Owner's budget: " + overBudget.joined(separator: ", "))
    }
    if failOn.contains(.audit) {
      let report = try HistoryAudit(configuration: workspace.configuration).run(git: workspace.git, since: base)
      let errors = report.diagnostics.filter { $0.severity == .error }
      for diagnostic in errors { lines.append((markdown ? "- " : "  ") + diagnostic.description) }
      if !errors.isEmpty { failures.append("finops audit found \(errors.count) error\(errors.count == 1 ? "" : "s")") }
    }
    context.output.line(lines.joined(separator: "\n"))
    if !failures.isEmpty {
      throw Failure(failures.joined(separator: "; "))
    }
  }

  func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: "\n", with: " ")
  }
}

/// `finops notify`: the events between two revisions as JSON lines, for a chat webhook.
struct NotifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notify",
    abstract: "Print the transitions between two revisions as JSON lines: who must act on what.",
    discussion: """
      One JSON object a line: event, kind, component, title, actor, persona, at, people (the \
      emails to tell) and url (absolute when site.base_url is set). A workflow step can post \
      each line to a chat webhook.
      """)

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The base revision.") var base: String
  @Argument(help: "The head revision.") var head = "HEAD"

  struct Line: Encodable {
    var event: String
    var kind: String
    var component: String
    var title: String
    var actor: String
    var persona: String
    var at: String
    var people: [String]
    var url: String
    var reason: String?
  }

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let changes = try RevisionChanges.between(base, head, git: workspace.git)
    let configuration = workspace.configuration
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var events: [(HistoryEntry, Line)] = []
    for change in changes.components {
      for entry in change.newEntries {
        guard let notice = Notice.about(entry, in: change.workload, roster: configuration.roster) else { continue }
        let id = change.reference.split(separator: "/").last.map(String.init) ?? ""
        let page = "workloads/\(change.workload.slug).html#\(id)"
        events.append(
          (
            entry,
            Line(
              event: "\(notice.event): \(change.workload.title)", kind: notice.kind,
              component: change.reference, title: change.workload.title,
              actor: configuration.roster.name(of: entry.by) ?? entry.by,
              persona: entry.persona.rawValue, at: entry.at.description,
              people: notice.people.sorted(),
              url: (configuration.site.baseURL ?? "") + page, reason: entry.reason)
          ))
      }
    }
    for (_, line) in events.sorted(by: { ($0.0.at, $0.1.component) < ($1.0.at, $1.1.component) }) {
      context.output.line(String(decoding: try encoder.encode(line), as: UTF8.self))
    }
  }
}
