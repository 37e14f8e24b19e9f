import ArgumentParser
import FinOpsCore
import FinOpsRepository

/// `finops resubmit`: the Product Owner sends a request back after changes were requested.
struct ResubmitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resubmit",
    abstract: "Resubmit a request after the FinOps Lead asked for changes.",
    discussion: "Edit the request section of the workload file first if the Lead asked for new values.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String

  func run() throws {
    let workspace = try Workspace(repository, context: .current)
    let (document, target) = try workspace.resolve(component)
    try workspace.perform(.resubmit(request: nil), on: document, workload: document.workload, componentID: target.id)
  }
}

/// `finops request-changes`: the FinOps Lead sends a request back to its Product Owner.
struct RequestChangesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "request-changes", abstract: "Send a submitted request back to its Product Owner.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "What the Product Owner should change.") var reason: String

  func run() throws {
    let workspace = try Workspace(repository, context: .current)
    let (document, target) = try workspace.resolve(component)
    try workspace.perform(.requestChanges(reason: reason), on: document, workload: document.workload, componentID: target.id)
  }
}

/// `finops reject`: the FinOps Lead turns a request down for good.
struct RejectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reject", abstract: "Reject a submitted request (final).")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "Why it is rejected.") var reason: String

  func run() throws {
    let workspace = try Workspace(repository, context: .current)
    let (document, target) = try workspace.resolve(component)
    try workspace.perform(.reject(reason: reason), on: document, workload: document.workload, componentID: target.id)
  }
}

/// `finops claim`: the owning Product Owner claims the role; the component goes live.
struct ClaimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim",
    abstract: "Claim a ready component's IAM role: it goes live and its spend is attributed from now on.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let (document, target) = try workspace.resolve(component)
    let next = try workspace.perform(.claim, on: document, workload: document.workload, componentID: target.id)
    if let claimed = next.component(target.id) {
      context.output.line("")
      context.output.line(try HandoffText.render(workload: next, component: claimed))
      if let claim = claimed.claim {
        context.output.line(
          "\nSpend from this role is attributed to \(next.title) from \(claim.at); weekly Cloud Spend Cards start Monday \(claim.at.day.monday.adding(days: 7)).")
      }
    }
  }
}

/// `finops retire`: the owning Product Owner takes a live component out of service.
struct RetireCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "retire", abstract: "Retire a live component.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "Why it is retired.") var reason: String

  func run() throws {
    let workspace = try Workspace(repository, context: .current)
    let (document, target) = try workspace.resolve(component)
    try workspace.perform(.retire(reason: reason), on: document, workload: document.workload, componentID: target.id)
  }
}
