import ArgumentParser
import FinOpsCore
import FinOpsProvisioning
import FinOpsRepository
import Foundation

/// `finops task`: the Cloud Engineer's pre-built task.
struct TaskCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "task",
    abstract: "Show a Cloud Engineer task, or record one of its steps as done.",
    subcommands: [TaskShowCommand.self, TaskDoneCommand.self])
}

/// `finops task show`: every step of an approved component's task, with its commands.
struct TaskShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the task: platform, rationale, due date, the 4 steps and their commands.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Option(help: "Also write each step's files (policies) into this folder, for the commands to read.")
  var writeFiles: String?

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let (document, target) = try workspace.resolve(component)
    guard let approval = target.approval, let approved = target.approvalEntry else {
      throw Failure("\(component) is \(target.status.rawValue): the Cloud Engineer task exists once a FinOps Lead approves it")
    }
    let task = try CloudEngineerTask(workload: document.workload, component: target, configuration: workspace.configuration)
    let sla = workspace.configuration.sla
    let due = sla.dueDate(approvedAt: approved.at, priority: approval.priority)
    let out = context.output
    let reference = "\(document.workload.slug)/\(target.id)"
    out.line("Cloud Engineer task: \(document.workload.title) (\(reference)), \(target.status.rawValue)")
    out.line("  Platform     \(approval.platform.title)")
    out.line("  Model        \(task.modelID)")
    let account = workspace.configuration.standards.account(approval.account).map { " (\($0.name))" } ?? ""
    out.line("  Account      \(approval.account)\(account)")
    out.line("  Region       \(approval.region)")
    out.line("  Role         \(task.roleARN)")
    out.line("  Runtime      \(task.runtime.title)")
    out.line("  Priority     \(approval.priority.rawValue): due \(due) (\(sla.days(for: approval.priority)) business days from approval on \(approved.at.day))")
    out.line("  Approved by  \(approved.by): \(approval.rationale)")
    for (number, step) in task.steps.enumerated() {
      let done: String
      if let key = ImplementationStep(rawValue: step.key) {
        done = target.implementation?.steps[key].map { "done by \($0.by) at \($0.at)" } ?? "to do: finops task done \(reference) \(key.rawValue)"
      } else {
        done = target.status == .approved ? "to do: finops implement \(reference)" : "done"
      }
      out.line("\nStep \(number + 1) of 4: \(step.title) [\(done)]")
      out.line("  " + step.summary)
      for link in step.links { out.line("  \(link.title): \(link.url)") }
      for file in step.files {
        out.line("\n  \(file.name):")
        out.line(file.content.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
      }
      for command in step.commands {
        out.line("\n  $ " + command.replacingOccurrences(of: "\n", with: "\n    "))
      }
    }
    if !task.notes.isEmpty {
      out.line("\nNotes")
      for note in task.notes { out.line("  - " + note) }
    }
    if let writeFiles {
      let folder = writeFiles.hasPrefix("/") ? writeFiles : context.currentDirectory + "/" + writeFiles
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for file in task.steps.flatMap(\.files) {
        try AtomicFile.write(file.content, to: folder + "/" + file.name)
      }
      out.line("\nWrote \(task.steps.flatMap(\.files).map(\.name).joined(separator: ", ")) to \(writeFiles)")
    }
  }
}

/// `finops task done`: the Cloud Engineer records one step.
struct TaskDoneCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "done", abstract: "Record a task step as done: model-access, iam-role or permission-policy.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String
  @Argument(help: "model-access, iam-role or permission-policy.") var step: ImplementationStep

  func action(for component: Component) -> Action { .completeStep(step) }

  func report(_ next: Workload, componentID: String, context: Context) throws {
    let open = ImplementationStep.allCases.filter { next.component(componentID)?.implementation?.steps[$0] == nil }
    context.output.line(
      open.isEmpty
        ? "All steps done. Mark the task implemented: finops implement \(next.slug)/\(componentID)"
        : "Still to do: " + open.map(\.rawValue).joined(separator: ", "))
  }
}

/// `finops implement`: all steps done; the Developer Handoff is generated.
struct ImplementCommand: ComponentTransitionCommand {
  static let configuration = CommandConfiguration(
    commandName: "implement",
    abstract: "Mark the task implemented: the workload becomes ready to claim, with its Developer Handoff.")

  @OptionGroup var repository: RepositoryOptions
  @Argument(help: "The component, as WORKLOAD/ID (or WORKLOAD).") var component: String

  func action(for component: Component) -> Action { .implement }

  func report(_ next: Workload, componentID: String, context: Context) throws {
    if let ready = next.component(componentID) {
      context.output.line("")
      context.output.line(try HandoffText.render(workload: next, component: ready))
      context.output.line("\n\(next.owner) can now claim it: finops claim \(next.slug)/\(componentID)")
    }
  }
}

/// The Developer Handoff as the terminal shows it.
enum HandoffText {
  static func render(workload: Workload, component: Component) throws -> String {
    let handoff = try DeveloperHandoff(workload: workload, component: component)
    return """
      Developer Handoff for \(workload.title) (\(workload.slug)/\(component.id))
        Role ARN  \(handoff.roleARN)
        Model ID  \(handoff.modelID)
        Region    \(handoff.region)

      \(handoff.text)
      """
  }
}
