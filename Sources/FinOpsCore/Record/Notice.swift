/// Who must act, or should know, after a transition: the basis of feeds and notifications.
public struct Notice: Sendable, Hashable {
  /// What happened, as a feed title prefix: `New request in review`, `Task ready`, …
  public var event: String
  /// A stable name for the event: `review`, `changes-requested`, `task-ready`, …
  public var kind: String
  /// The personas whose feeds carry it.
  public var personas: Set<Persona>
  /// The people to tell, by lowercased email.
  public var people: Set<String>

  /// The notice for a history entry of a component of `workload`; nil for transitions nobody
  /// needs to hear about (drafts, single steps).
  public static func about(_ entry: HistoryEntry, in workload: Workload, roster: Roster) -> Notice? {
    let owner = workload.owner.lowercased()
    func holders(_ persona: Persona, except: String) -> Set<String> {
      Set(
        roster.people.filter { $0.personas.contains(persona) && $0.email.lowercased() != except.lowercased() }
          .map { $0.email.lowercased() })
    }
    switch entry.transition {
    case .submit, .resubmit:
      return Notice(event: "New request in review", kind: "review", personas: [.finopsLead], people: holders(.finopsLead, except: entry.by))
    case .requestChanges:
      return Notice(event: "Changes requested", kind: "changes-requested", personas: [.productOwner], people: [owner])
    case .reject:
      return Notice(event: "Rejected", kind: "rejected", personas: [.productOwner], people: [owner])
    case .approve:
      return Notice(
        event: "Task ready", kind: "task-ready", personas: [.cloudEngineer],
        people: holders(.cloudEngineer, except: entry.by).union([owner]))
    case .implement:
      return Notice(event: "Ready to claim", kind: "ready-to-claim", personas: [.productOwner], people: [owner])
    case .claim:
      return Notice(event: "Live", kind: "live", personas: [.productOwner], people: [owner])
    case .retire:
      return Notice(event: "Retired", kind: "retired", personas: [.productOwner], people: [owner])
    case .draft, .completeStep:
      return nil
    }
  }
}
