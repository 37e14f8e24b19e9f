/// `finops.yml`: site settings, the roster, the organisation tree, standards and the SLA calendar.
public struct Configuration: Sendable, Hashable {
  /// Site settings.
  public var site: SiteSettings
  /// ISO 4217 code of every amount in the repository.
  public var currency: String
  /// The people roster.
  public var roster: Roster
  /// The organisation tree, E1 to E4.
  public var organization: Organization
  /// What the FinOps Lead may approve.
  public var standards: Standards
  /// Business days per priority and holidays.
  public var sla: SLAPolicy
  /// How workload files are grouped in folders under `workloads/`.
  public var workloadFolders: WorkloadFolders
  /// The commit after which `finops audit` replays history by default: records imported when a
  /// team adopted finops predate its transitions.
  public var auditBaseline: String?

  /// Creates a configuration.
  public init(
    site: SiteSettings, currency: String, roster: Roster, organization: Organization,
    standards: Standards, sla: SLAPolicy, workloadFolders: WorkloadFolders = .flat,
    auditBaseline: String? = nil
  ) {
    self.site = site
    self.currency = currency
    self.roster = roster
    self.organization = organization
    self.standards = standards
    self.sla = sla
    self.workloadFolders = workloadFolders
    self.auditBaseline = auditBaseline
  }
}

/// Whether new workload files go straight into `workloads/` or into a folder per org unit.
/// Large repositories group them: git then reads and diffs small folders instead of one
/// folder of thousands of files, which keeps history operations fast.
public enum WorkloadFolders: String, ClosedSet {
  case flat
  case byBusinessUnit = "by-business-unit"
  case byDepartment = "by-department"
  case byPortfolio = "by-portfolio"
  case byProduct = "by-product"

  public static let noun = "folder layout"

  /// The org level (1 for E1 … 4 for E4) the folders are named after; nil when flat.
  public var level: Int? {
    switch self {
    case .flat: nil
    case .byBusinessUnit: 1
    case .byDepartment: 2
    case .byPortfolio: 3
    case .byProduct: 4
    }
  }
}

/// Settings of the generated site.
public struct SiteSettings: Sendable, Hashable {
  /// The site's title.
  public var title: String
  /// Where the site is published, ending in `/` (e.g. `https://acme.github.io/finops/`); feeds
  /// and the 404 page link absolutely when it is set.
  public var baseURL: String?
  /// The repository's web address on its host (e.g. `https://github.com/acme/governance`), for
  /// the browser wizard's "open a pull request" link.
  public var repository: String?
  /// The branch new files are proposed against.
  public var branch: String

  /// Creates settings.
  public init(title: String, baseURL: String? = nil, repository: String? = nil, branch: String = "main") {
    self.title = title
    self.baseURL = baseURL
    self.repository = repository
    self.branch = branch
  }
}

/// One person on the roster.
public struct Person: Sendable, Hashable {
  /// Their git author email, the key everything else uses.
  public var email: String
  /// Their display name.
  public var name: String
  /// The personas they hold.
  public var personas: [Persona]

  /// Creates a person.
  public init(email: String, name: String, personas: [Persona]) {
    self.email = email
    self.name = name
    self.personas = personas
  }
}

/// The people roster, looked up by email (case-insensitively, as git and mail treat them).
public struct Roster: Sendable, Hashable {
  /// Everyone, in file order.
  public private(set) var people: [Person]
  private var index: [String: Int]

  /// Creates a roster; a later duplicate email replaces nothing (the first one wins).
  public init(_ people: [Person]) {
    self.people = people
    var index: [String: Int] = [:]
    for (offset, person) in people.enumerated() where index[person.email.lowercased()] == nil {
      index[person.email.lowercased()] = offset
    }
    self.index = index
  }

  /// The person with this email.
  public func person(_ email: String) -> Person? {
    position(email).map { people[$0] }
  }

  /// The name of the person with this email, without a copy of the whole person (pages show
  /// a name for every history entry).
  public func name(of email: String) -> String? {
    position(email).map { people[$0].name }
  }

  /// Where the person with this email is in `people`.
  private func position(_ email: String) -> Int? {
    if let offset = index[email] { return offset }
    return index[email.lowercased()]
  }

  /// Whether the person holds the persona.
  public func holds(_ email: String, _ persona: Persona) -> Bool {
    person(email)?.personas.contains(persona) ?? false
  }
}

/// An AWS account the standards allow.
public struct Account: Sendable, Hashable {
  /// The 12-digit id.
  public var id: String
  /// A short name such as `ai-prod`.
  public var name: String

  /// Creates an account.
  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

/// What the FinOps Lead may approve.
public struct Standards: Sendable, Hashable {
  /// Allowed platforms.
  public var platforms: [Platform]
  /// Allowed accounts.
  public var accounts: [Account]
  /// Allowed Regions.
  public var regions: [String]
  /// Allowed model IDs.
  public var models: [String]
  /// The platforms each kind of workload may use, the preferred first (`platforms_by_use_case`);
  /// a kind not listed may use every allowed platform.
  public var platformsByUseCase: [UseCase: [Platform]]

  /// Creates standards.
  public init(
    platforms: [Platform], accounts: [Account], regions: [String], models: [String],
    platformsByUseCase: [UseCase: [Platform]] = [:]
  ) {
    self.platforms = platforms
    self.accounts = accounts
    self.regions = regions
    self.models = models
    self.platformsByUseCase = platformsByUseCase
  }

  /// The account with this id.
  public func account(_ id: String) -> Account? { accounts.first { $0.id == id } }

  /// The platforms a request of `useCase` may be approved on, the preferred first: those
  /// `platformsByUseCase` lists that are allowed at all, or every allowed platform.
  public func platforms(for useCase: UseCase) -> [Platform] {
    guard let listed = platformsByUseCase[useCase] else { return platforms }
    return listed.filter { platforms.contains($0) }
  }

  /// Why an allowed `platform` may not be approved for a request of `useCase` (the platforms
  /// listed for it leave it out), as `check` and `approve` say it; nil when it may.
  public func useCaseProblem(_ platform: Platform, _ useCase: UseCase)
    -> (message: String, notes: [String])?
  {
    let allowed = platforms(for: useCase)
    guard platforms.contains(platform), !allowed.contains(platform) else { return nil }
    return (
      "platform '\(platform.rawValue)' is not among finops.yml's platforms for "
        + "\(useCase.rawValue) requests",
      ["allowed for \(useCase.rawValue): " + allowed.map(\.rawValue).joined(separator: ", ")]
    )
  }
}

/// Business days per priority and the calendar they are counted on.
public struct SLAPolicy: Sendable, Hashable {
  /// Business days allowed for a `normal` task.
  public var normalDays: Int
  /// Business days allowed for a `priority` task.
  public var priorityDays: Int
  /// The business calendar.
  public var calendar: BusinessCalendar

  /// Creates a policy.
  public init(normalDays: Int = 5, priorityDays: Int = 2, calendar: BusinessCalendar = .init()) {
    self.normalDays = normalDays
    self.priorityDays = priorityDays
    self.calendar = calendar
  }

  /// Business days allowed for a priority.
  public func days(for priority: Priority) -> Int {
    priority == .normal ? normalDays : priorityDays
  }

  /// The day a task approved at `approvedAt` is due.
  public func dueDate(approvedAt: Timestamp, priority: Priority) -> Day {
    calendar.adding(businessDays: days(for: priority), to: approvedAt.day)
  }
}
