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
    about(entry, in: workload, audience: Audience(roster))
  }

  /// Who holds each persona, by lowercased email: worked out once for many notices.
  public struct Audience: Sendable {
    let holders: [Persona: Set<String>]

    /// The holders of each persona in `roster`.
    public init(_ roster: Roster) {
      var holders: [Persona: Set<String>] = [:]
      for person in roster.people {
        for persona in person.personas { holders[persona, default: []].insert(person.email.lowercased()) }
      }
      self.holders = holders
    }
  }

  /// The notice for a history entry, with the persona holders worked out beforehand.
  public static func about(_ entry: HistoryEntry, in workload: Workload, audience: Audience) -> Notice? {
    let owner = workload.owner.lowercased()
    func holders(_ persona: Persona, except: String) -> Set<String> {
      var people = audience.holders[persona] ?? []
      people.remove(except.lowercased())
      return people
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
