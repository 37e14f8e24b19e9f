/// A persona's move of a component from one status to the next: the lifecycle's rule table.
public enum Transition: String, ClosedSet {
  case draft
  case submit
  case resubmit
  case approve
  case requestChanges = "request-changes"
  case reject
  case completeStep = "complete-step"
  case implement
  case claim
  case retire

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "transition"

  /// The persona that takes this transition.
  public var persona: Persona {
    switch self {
    case .draft, .submit, .resubmit, .claim, .retire: .productOwner
    case .approve, .requestChanges, .reject: .finopsLead
    case .completeStep, .implement: .cloudEngineer
    }
  }

  /// The statuses it may start from; `nil` in the set stands for a component that does not exist
  /// yet.
  public var sources: Set<Status?> {
    Set(([nil] + Status.allCases.map(Optional.some)).filter(canFollow))
  }

  /// Whether the transition may be taken from `status` (nil: a new component): the rule table,
  /// asked without making a set (history checks ask it for every entry of every file).
  public func canFollow(_ status: Status?) -> Bool {
    switch self {
    case .draft: status == nil
    case .submit: status == nil || status == .draft
    case .resubmit: status == .changesRequested
    case .approve, .requestChanges, .reject: status == .submitted
    case .completeStep, .implement: status == .approved
    case .claim: status == .readyToClaim
    case .retire: status == .live
    }
  }

  /// The status it leads to.
  public var target: Status {
    switch self {
    case .draft: .draft
    case .submit, .resubmit: .submitted
    case .approve, .completeStep: .approved
    case .requestChanges: .changesRequested
    case .reject: .rejected
    case .implement: .readyToClaim
    case .claim: .live
    case .retire: .retired
    }
  }

  /// Whether a history entry of this transition must carry a reason.
  public var requiresReason: Bool { self == .requestChanges || self == .reject || self == .retire }

  /// Whether only the workload's owner may take it.
  public var ownerOnly: Bool { self == .claim || self == .retire }

  /// The past tense used in messages and feeds: `approved`, `requested changes to`.
  public var pastTense: String {
    switch self {
    case .draft: "drafted"
    case .submit: "submitted"
    case .resubmit: "resubmitted"
    case .approve: "approved"
    case .requestChanges: "requested changes to"
    case .reject: "rejected"
    case .completeStep: "completed a step of"
    case .implement: "implemented"
    case .claim: "claimed"
    case .retire: "retired"
    }
  }
}
