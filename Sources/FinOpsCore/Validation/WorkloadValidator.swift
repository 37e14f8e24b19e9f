/// Checks a decoded workload against `finops.yml` and the lifecycle: the rules that need more than
/// one field, or more than one file.
public struct WorkloadValidator: Sendable {
  /// The repository's configuration.
  public var configuration: Configuration

  /// Creates a validator.
  public init(configuration: Configuration) { self.configuration = configuration }

  /// Every problem with one workload.
  public func validate(_ workload: Workload, map: SourceMap) -> [Diagnostic] {
    var check = Checker(configuration: configuration, map: map)
    check.workload(workload)
    return check.diagnostics
  }

  /// Workload slugs (file names) used by more than one file in different folders.
  public static func duplicateSlugs(_ paths: [String]) -> [Diagnostic] {
    var first: [Substring: String] = [:]
    first.reserveCapacity(paths.count)
    var diagnostics: [Diagnostic] = []
    // Loads list files in path order: sorted only when they are not.
    let inOrder = zip(paths, paths.dropFirst()).allSatisfy { $0 <= $1 }
    for path in inOrder ? paths : paths.sorted() {
      // The last non-empty part: after the last slash, unless the path ends with one. In an
      // ASCII path each byte is a Character: the slash is found among the bytes.
      let name: Substring
      if path.utf8.allSatisfy({ $0 < 0x80 }) {
        if path.utf8.last != UInt8(ascii: "/"), let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
          name = path[path.utf8.index(after: slash)...]
        } else {
          name = path.split(separator: "/").last ?? Substring(path)
        }
      } else if !path.hasSuffix("/"), let slash = path.lastIndex(of: "/") {
        name = path[path.index(after: slash)...]
      } else {
        name = path.split(separator: "/").last ?? Substring(path)
      }
      if let earlier = first[name] {
        diagnostics.append(
          .error(
            SourceLocation(path: path, line: 1, column: 1), rule: "workload.duplicate-slug",
            "\(name) is also \(earlier); a workload's file name is its slug and must be unique"))
      } else {
        first[name] = path
      }
    }
    return diagnostics
  }

  /// Component ids used more than once across the repository, each reported where it repeats.
  public static func duplicateIDs(_ workloads: [(Workload, SourceMap)]) -> [Diagnostic] {
    // Where each id was first seen: the workload's position and the component's.
    var first: [String: (workload: Int, component: Int)] = [:]
    first.reserveCapacity(workloads.count * 2)
    var diagnostics: [Diagnostic] = []
    // Loads list files in path order: sorted only when they are not. Positions, not copies of
    // the records.
    let inOrder = zip(workloads.indices, workloads.indices.dropFirst()).allSatisfy {
      workloads[$0].1.path <= workloads[$1].1.path
    }
    let order = inOrder ? Array(workloads.indices) : workloads.indices.sorted { workloads[$0].1.path < workloads[$1].1.path }
    for position in order {
      // Each component's id read in place: a copy of each component (its strings and arrays)
      // was most of this check's time.
      let components = workloads[position].0.components
      for index in components.indices {
        let id = components[index].id
        if let earlier = first[id] {
          let place = workloads[earlier.workload].1.location("components[\(earlier.component)].id")
          diagnostics.append(
            .error(
              workloads[position].1.location("components[\(index)].id"), rule: "workload.duplicate-id",
              "component id '\(id)' is already used at \(place)",
              notes: ["ids are unique in the repository; pick another 4-character id"]))
        } else {
          first[id] = (position, index)
        }
      }
    }
    return diagnostics
  }
}

extension WorkloadValidator {
  /// Whether `path` is `workloads/FOLDER/NAME` (split at slashes, empty parts left out) with
  /// `folder` as FOLDER.
  static func isInFolder(_ path: String, _ folder: String) -> Bool {
    let parts = path.slashSeparatedParts()
    return parts.count == 3 && parts[1] == folder
  }

}

/// Accumulates one workload's diagnostics.
struct Checker {
  let configuration: Configuration
  let map: SourceMap
  var diagnostics: [Diagnostic] = []

  init(configuration: Configuration, map: SourceMap) {
    self.configuration = configuration
    self.map = map
  }

  mutating func error(_ field: String, _ rule: String, _ message: String, notes: [String] = []) {
    diagnostics.append(.error(map.location(field), rule: rule, message, notes: notes))
  }

  mutating func workload(_ workload: Workload) {
    if !Identifiers.isSlug(workload.slug) {
      error(
        "", "workload.slug",
        "file name '\(workload.slug).md' is not a valid workload slug",
        notes: [
          "use lowercase letters, digits and single hyphens, at most \(Identifiers.maximumSlugLength) characters"
        ])
    }
    person(workload.owner, as: .productOwner, at: "owner")
    let organization = configuration.organization
    folder(workload)
    switch organization.level(of: workload.product) {
    case 4: break
    case let level?:
      error(
        "product", "org.unknown-product",
        "'\(workload.product)' is a \(organization.levelName(level)) (E\(level)), not a \(organization.levelName(4)) (E4)",
        notes: ["a workload sits in an E4 unit of finops.yml's organization tree"])
    case nil:
      error(
        "product", "org.unknown-product",
        "product '\(workload.product)' is not in finops.yml's organization tree"
          + Suggestion.didYouMean(workload.product, in: organization.ids(atLevel: 4)))
    }
    for (index, component) in workload.components.enumerated() {
      self.component(component, at: "components[\(index)]", in: workload)
    }
  }

  /// With folders per org unit, a workload's file belongs in the folder of its unit.
  mutating func folder(_ workload: Workload) {
    guard let level = configuration.workloadFolders.level,
      let units = configuration.organization.path(to: workload.product), units.indices.contains(level - 1)
    else { return }
    let expected = units[level - 1]
    guard !WorkloadValidator.isInFolder(map.path, expected) else { return }
    diagnostics.append(
      .warning(
        map.location(""), rule: "workload.folder",
        "\(map.path) belongs in workloads/\(expected)/ (finops.yml groups workloads \(configuration.workloadFolders.rawValue))",
        notes: ["move it with git mv; the slug stays the file name"]))
  }

  /// `field` is only made when there is something to report: every history entry names a
  /// person, and building each one's path cost more than checking it.
  mutating func person(_ email: String, as persona: Persona, at field: @autoclosure () -> String) {
    guard let person = configuration.roster.person(email) else {
      error(
        field(), "roster.unknown-person", "'\(email)' is not on the roster in finops.yml"
          + Suggestion.didYouMean(email, in: configuration.roster.people.map(\.email)))
      return
    }
    if !person.personas.contains(persona) {
      let held = person.personas.map(\.rawValue).joined(separator: ", ")
      error(
        field(), "roster.persona",
        "\(person.name) <\(email)> acts as \(persona.rawValue) but holds \(held.isEmpty ? "no persona" : held)"
      )
    }
  }

  mutating func component(_ component: Component, at base: String, in workload: Workload) {
    sections(component, at: base)
    request(component.request, at: base + ".request")
    if let approval = component.approval {
      self.approval(approval, at: base + ".approval", useCase: component.request.useCase)
    }
    history(component, at: base, in: workload)
  }

  mutating func sections(_ component: Component, at base: String) {
    let status = component.status
    let needsApproval: Set<Status> = [.approved, .readyToClaim, .live, .retired]
    let needsImplementation: Set<Status> = [.readyToClaim, .live, .retired]
    let needsClaim: Set<Status> = [.live, .retired]
    presence(
      component.approval != nil, required: needsApproval.contains(status), section: "approval",
      status: status, at: base)
    if needsImplementation.contains(status) {
      let missing = ImplementationStep.allCases.filter { component.implementation?.steps[$0] == nil }
      if !missing.isEmpty {
        error(
          base + ".implementation", "lifecycle.missing-section",
          "status '\(status.rawValue)' needs every implementation step, but "
            + missing.map { "'\($0.key)'" }.joined(separator: ", ") + " is missing")
      }
    } else if !needsApproval.contains(status), component.implementation != nil {
      presence(true, required: false, section: "implementation", status: status, at: base)
    }
    presence(
      component.claim != nil, required: needsClaim.contains(status), section: "claim",
      status: status, at: base)
  }

  mutating func presence(
    _ present: Bool, required: Bool, section: String, status: Status, at base: String
  ) {
    if required && !present {
      error(
        base + ".status", "lifecycle.missing-section",
        "status '\(status.rawValue)' needs a '\(section)' section")
    } else if !required && present {
      error(
        base + "." + section, "lifecycle.unexpected-section",
        "a component in status '\(status.rawValue)' cannot have a '\(section)' section yet")
    }
  }

  mutating func request(_ request: Request, at base: String) {
    let allowed = request.useCase.purposes
    if let purpose = request.purpose {
      if !allowed.contains(purpose) {
        let choices = allowed.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        error(
          base + ".purpose", "schema.enum",
          "purpose '\(purpose.rawValue)' does not fit use case '\(request.useCase.rawValue)'"
            + (allowed.isEmpty ? "; an infrastructure request has no purpose" : "; use \(choices)"))
      }
    } else if !allowed.isEmpty {
      error(
        base + ".use_case", "schema.missing-field",
        "a '\(request.useCase.rawValue)' request needs a 'purpose': "
          + allowed.map { "'\($0.rawValue)'" }.joined(separator: ", "))
    }
    if request.teamSize < 1 {
      error(base + ".team_size", "schema.format", "team_size must be at least 1")
    }
    if request.monthlyBudget < .zero {
      error(base + ".monthly_budget", "schema.format", "monthly_budget cannot be negative")
    }
    let businessCase = request.businessCase
    if businessCase.annualBaseline < .zero {
      error(
        base + ".business_case.annual_baseline", "schema.format",
        "annual_baseline cannot be negative")
    }
    if businessCase.targetPercent <= 0 || businessCase.targetPercent > 100 {
      error(
        base + ".business_case.target_percent", "schema.format",
        "target_percent must be more than 0 and at most 100")
    }
  }

  mutating func approval(_ approval: Approval, at base: String, useCase: UseCase? = nil) {
    let standards = configuration.standards
    if !standards.platforms.contains(approval.platform) {
      error(
        base + ".platform", "standards.platform",
        "platform '\(approval.platform.rawValue)' is not allowed by finops.yml's standards",
        notes: ["allowed: " + standards.platforms.map(\.rawValue).joined(separator: ", ")])
    } else if let useCase, let problem = standards.useCaseProblem(approval.platform, useCase) {
      error(base + ".platform", "standards.platform", problem.message, notes: problem.notes)
    }
    if !standards.models.contains(approval.model) {
      error(
        base + ".model", "standards.model",
        "model '\(approval.model)' is not allowed" + Suggestion.didYouMean(approval.model, in: standards.models))
    }
    if standards.account(approval.account) == nil {
      error(
        base + ".account", "standards.account",
        "account '\(approval.account)' is not allowed by finops.yml's standards",
        notes: ["allowed: " + standards.accounts.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")])
    }
    if !standards.regions.contains(approval.region) {
      error(
        base + ".region", "standards.region",
        "region '\(approval.region)' is not allowed" + Suggestion.didYouMean(approval.region, in: standards.regions),
        notes: ["allowed: " + standards.regions.joined(separator: ", ")])
    }
    // A model or Region outside the standards has its own error: these weigh allowed ones.
    if standards.models.contains(approval.model),
      let problem = ModelPlatformProblem(
        model: approval.model, platform: approval.platform, standards: standards)
    {
      error(base + ".model", ModelPlatformProblem.rule, problem.message, notes: problem.notes)
    }
    if approval.platform.modelKind == .bedrock, standards.regions.contains(approval.region),
      let problem = ProfileRegionProblem(
        model: approval.model, region: approval.region, standards: standards)
    {
      diagnostics.append(
        Diagnostic(
          problem.severity, map.location(base + ".region"), rule: ProfileRegionProblem.rule,
          problem.message, notes: problem.notes))
    }
    if let roleName = approval.roleName, !Identifiers.isRoleName(roleName) {
      error(
        base + ".role_name", "schema.format",
        "role_name '\(roleName)' is not a valid IAM role name",
        notes: ["1 to 64 characters of letters, digits and + = , . @ _ -"])
    }
    switch (approval.platform, approval.workspace) {
    case (.claudePlatform, nil):
      error(
        base + ".platform", "schema.missing-field",
        "a 'claude-platform' approval needs the 'workspace' it assigns")
    case (.claudePlatform, let workspace?) where !Identifiers.isWorkspaceID(workspace):
      error(
        base + ".workspace", "schema.format",
        "workspace '\(workspace)' is not a workspace ID such as wrkspc_01AbCdEf23GhIj")
    case (.claudePlatform, _), (_, nil): break
    case (let platform, _?):
      error(
        base + ".workspace", "schema.unknown-field",
        "'workspace' applies to claude-platform only, not '\(platform.rawValue)'")
    }
    if !approval.businessCaseAcknowledged {
      error(
        base + ".business_case_acknowledged", "lifecycle.acknowledgement",
        "an approval must acknowledge the declared business case")
    }
  }

  mutating func history(_ component: Component, at base: String, in workload: Workload) {
    let entries = component.history
    guard let last = entries.last else {
      error(base + ".history", "lifecycle.history", "history is empty; it needs the submission")
      return
    }
    var previous: HistoryEntry?
    var submitter: String?
    var approver: String?
    for (index, entry) in entries.enumerated() {
      var field: String { "\(base).history[\(index)]" }
      let transition = entry.transition
      if !transition.canFollow(previous?.to) {
        let from = previous.map { "'\($0.to.rawValue)'" } ?? "a new component"
        error(
          field + ".transition", "lifecycle.history",
          "'\(transition.rawValue)' cannot follow \(from)")
      }
      if entry.from != previous?.to {
        error(
          field + (entry.from == nil ? ".transition" : ".from"), "lifecycle.history",
          "'from' is \(entry.from.map { "'\($0.rawValue)'" } ?? "missing") but the previous status is \(previous.map { "'\($0.to.rawValue)'" } ?? "none (omit 'from')")")
      }
      if entry.to != transition.target {
        error(
          field + ".to", "lifecycle.history",
          "'\(transition.rawValue)' leads to '\(transition.target.rawValue)', not '\(entry.to.rawValue)'")
      }
      if entry.persona != transition.persona {
        error(
          field + ".persona", "roster.persona",
          "'\(transition.rawValue)' is taken by a \(transition.persona.rawValue), not a \(entry.persona.rawValue)")
      }
      person(entry.by, as: entry.persona, at: field + ".by")
      if let earlier = previous, entry.at < earlier.at {
        error(field + ".at", "lifecycle.history", "\(entry.at) is earlier than the entry before it")
      }
      if transition.requiresReason && (entry.reason ?? "").isEmpty {
        error(field, "schema.missing-field", "a '\(transition.rawValue)' entry needs a 'reason'")
      }
      if (transition == .completeStep) != (entry.step != nil) {
        error(
          field, entry.step == nil ? "schema.missing-field" : "schema.unknown-field",
          transition == .completeStep
            ? "a 'complete-step' entry needs a 'step'" : "only 'complete-step' entries have a 'step'")
      }
      sameSignature(
        transition == .completeStep ? entry.step.flatMap { component.implementation?.steps[$0] } : nil,
        entry: entry, when: transition == .completeStep,
        section: "\(base).implementation.\(entry.step?.key ?? "")")
      sameSignature(component.claim, entry: entry, when: transition == .claim, section: base + ".claim")
      switch transition {
      case .draft, .submit, .resubmit:
        submitter = entry.by
        if index == 0 && component == workload.components.first && !same(entry.by, workload.owner) {
          error(
            field + ".by", "lifecycle.owner",
            "the first component is submitted by the workload owner \(workload.owner), not \(entry.by)")
        }
      case .approve, .requestChanges, .reject:
        if let submitter, same(submitter, entry.by) {
          error(
            field + ".by", "lifecycle.separation-of-duties",
            "\(entry.by) submitted this request and cannot also \(transition.rawValue) it")
        }
        if transition == .approve { approver = entry.by }
      case .completeStep, .implement:
        if let approver, same(approver, entry.by) {
          error(
            field + ".by", "lifecycle.separation-of-duties",
            "\(entry.by) approved this request and cannot also implement it")
        }
      case .claim, .retire:
        if !same(entry.by, workload.owner) {
          error(
            field + ".by", "lifecycle.owner",
            "only the workload owner \(workload.owner) may \(transition.rawValue) it, not \(entry.by)")
        }
      }
      previous = entry
    }
    if last.to != component.status {
      error(
        base + ".status", "lifecycle.history",
        "status is '\(component.status.rawValue)' but the last history entry leads to '\(last.to.rawValue)'")
    }
    if let implementation = component.implementation {
      for step in ImplementationStep.allCases where implementation.steps[step] != nil {
        let recorded = entries.contains { $0.transition == .completeStep && $0.step == step }
        if !recorded {
          error(
            "\(base).implementation.\(step.key)", "lifecycle.history",
            "step '\(step.rawValue)' is recorded but no 'complete-step' history entry completes it")
        }
      }
    }
  }

  /// Reports a section whose signature differs from its history entry.
  mutating func sameSignature(
    _ signature: Signature?, entry: HistoryEntry, when applies: Bool, section: @autoclosure () -> String
  ) {
    guard applies, let signature else { return }
    if !same(signature.by, entry.by) || signature.at != entry.at {
      error(
        section(), "lifecycle.history",
        "this section says \(signature.by) at \(signature.at) but its history entry says \(entry.by) at \(entry.at)")
    }
  }

  func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
}
