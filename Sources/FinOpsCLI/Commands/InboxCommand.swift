import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops inbox`: what awaits the acting person now, for each persona they hold.
struct InboxCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inbox",
    abstract: "List what awaits you, per persona, oldest first, with SLA state.")

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Show the inbox of this person (an email on the roster) instead of yours.")
  var person: String?

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let actor: Person
    if let person {
      guard let found = workspace.configuration.roster.person(person) else {
        throw Failure("\(person) is not on the roster")
      }
      actor = found
    } else {
      actor = try workspace.actor()
    }
    let now = try workspace.now()
    let snapshot = RepositorySnapshot.load(workspace.repository)
    let items = Inbox(configuration: workspace.configuration, now: now).items(
      for: actor, in: snapshot.documents.map(\.workload))
    context.output.line("Inbox of \(actor.name) <\(actor.email)> at \(now)")
    for persona in actor.personas {
      let mine = items.filter { $0.persona == persona }
      context.output.line("\n\(persona.title) (\(mine.count))")
      if mine.isEmpty { context.output.line("  nothing waiting") }
      for item in mine {
        context.output.line("  \(item.reference)  \(item.title)")
        context.output.line("    \(item.state)")
        context.output.line("    next: \(item.command)")
      }
    }
  }
}

/// Who must act on what, derived from the records.
struct Inbox {
  let configuration: Configuration
  let now: Timestamp

  struct Item {
    var persona: Persona
    var reference: String
    var title: String
    var state: String
    var command: String
    var since: Timestamp
  }

  func items(for person: Person, in workloads: [Workload]) -> [Item] {
    var items: [Item] = []
    let email = person.email.lowercased()
    let calendar = configuration.sla.calendar
    for workload in workloads {
      for component in workload.components {
        let reference = "\(workload.slug)/\(component.id)"
        let last = component.history.last
        let since = last?.at ?? now
        let age = String(format: "%.1f", calendar.businessDays(from: since, to: now))
        let owner = workload.owner.lowercased() == email
        switch component.status {
        case .draft where owner && person.personas.contains(.productOwner):
          items.append(Item(persona: .productOwner, reference: reference, title: workload.title, state: "draft, saved \(since)", command: "finops submit \(reference)", since: since))
        case .changesRequested where owner && person.personas.contains(.productOwner):
          items.append(Item(persona: .productOwner, reference: reference, title: workload.title, state: "changes requested \(age) business days ago: \(last?.reason ?? "")", command: "finops resubmit \(reference)", since: since))
        case .readyToClaim where owner && person.personas.contains(.productOwner):
          items.append(Item(persona: .productOwner, reference: reference, title: workload.title, state: "ready to claim since \(since)", command: "finops claim \(reference)", since: since))
        case .submitted where person.personas.contains(.finopsLead)
          && component.lastSubmission?.by.lowercased() != email:
          let budget = component.request.monthlyBudget.display(configuration.currency)
          items.append(Item(persona: .finopsLead, reference: reference, title: workload.title, state: "waiting \(age) business days; \(component.request.useCase.title), budget \(budget)/month", command: "finops approve \(reference) --platform … (or request-changes, reject)", since: since))
        case .approved where person.personas.contains(.cloudEngineer)
          && component.approvalEntry?.by.lowercased() != email:
          guard let approval = component.approval, let approved = component.approvalEntry,
            let task = configuration.sla.task(of: component, at: now)
          else { continue }
          let due = task.due
          let done = component.implementation?.steps.count ?? 0
          let sla = task.state == .overdue ? "OVERDUE" : task.state?.rawValue ?? ""
          items.append(Item(persona: .cloudEngineer, reference: reference, title: workload.title, state: "\(approval.priority.rawValue) task, due \(due) (\(sla)); \(done) of 3 steps done", command: "finops task show \(reference)", since: approved.at))
        default:
          continue
        }
      }
    }
    return items.sorted { ($0.since, $0.reference) < ($1.since, $1.reference) }
  }
}
