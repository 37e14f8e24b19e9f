import ArgumentParser
import FinOpsCore
import FinOpsRepository

/// A command that takes one transition on one component: resolve it, apply the action through
/// the lifecycle, commit, then say what comes next.
protocol ComponentTransitionCommand: ParsableCommand {
  /// The repository options.
  var repository: RepositoryOptions { get }
  /// `WORKLOAD/ID` or `WORKLOAD`.
  var component: String { get }
  /// The action, given the component as it is now.
  func action(for component: Component) -> Action
  /// Prints what follows the transition.
  func report(_ workload: Workload, componentID: String, context: Context) throws
}

extension ComponentTransitionCommand {
  func report(_ workload: Workload, componentID: String, context: Context) throws {}

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let (document, target) = try workspace.resolve(component)
    let next = try workspace.perform(
      action(for: target), on: document, workload: document.workload, componentID: target.id)
    try report(next, componentID: target.id, context: context)
  }
}

/// `finops resubmit`: the Product Owner sends a request back after changes were requested.
struct ResubmitCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "resubmit",
    abstract: "Resubmit a request after the FinOps Lead asked for changes.",
    discussion: "Edit the request section of the workload file first if the Lead asked for new values.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String

  func action(for component: Component) -> Action { .resubmit(request: nil) }
}

/// `finops request-changes`: the FinOps Lead sends a request back to its Product Owner.
struct RequestChangesCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "request-changes", abstract: "Send a submitted request back to its Product Owner.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "What the Product Owner should change.") var reason: String

  func action(for component: Component) -> Action { .requestChanges(reason: reason) }
}

/// `finops reject`: the FinOps Lead turns a request down for good.
struct RejectCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "reject", abstract: "Reject a submitted request (final).")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "Why it is rejected.") var reason: String

  func action(for component: Component) -> Action { .reject(reason: reason) }
}

/// `finops claim`: the owning Product Owner claims the role; the component goes live.
struct ClaimCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim",
    abstract: "Claim a ready component's IAM role: it goes live and its spend is attributed from now on.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String

  func action(for component: Component) -> Action { .claim }

  func report(_ next: Workload, componentID: String, context: Context) throws {
    if let claimed = next.component(componentID) {
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
struct RetireCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "retire", abstract: "Retire a live component.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "Why it is retired.") var reason: String

  func action(for component: Component) -> Action { .retire(reason: reason) }
}
