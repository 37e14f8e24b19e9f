import FinOpsCore
import Yams

/// Decodes `finops.yml`, reporting every problem with a `config.` rule id at its position.
public enum ConfigurationDecoder {
  /// The configuration when it decoded without errors, and every problem.
  public struct Outcome: Sendable {
    /// The configuration, nil when errors prevent a usable one.
    public var configuration: Configuration?
    /// Problems found.
    public var diagnostics: [Diagnostic]
  }

  static let topFields = [
    "site", "currency", "people", "organization", "standards", "sla", "workloads", "audit",
  ]

  /// Decodes the text of `finops.yml` found at `path`.
  public static func decode(path: String, text: String) -> Outcome {
    var reader = NodeReader(path: path, yamlFirstLine: 1, rulePrefix: "config.")
    var yaml = text
    if yaml.hasPrefix("\u{FEFF}") { yaml.removeFirst() }
    guard let root = reader.compose(yaml) else {
      if reader.diagnostics.isEmpty {
        reader.error(nil, "schema.missing-field", "finops.yml is empty")
      }
      return Outcome(configuration: nil, diagnostics: reader.diagnostics)
    }
    let configuration = reader.configuration(root)
    return Outcome(
      configuration: reader.diagnostics.hasErrors ? nil : configuration,
      diagnostics: reader.diagnostics)
  }
}

extension String {
  func trimmingSuffix(_ suffix: Character) -> Substring {
    var text = Substring(self)
    while text.last == suffix { text = text.dropLast() }
    return text
  }
}

extension NodeReader {
  mutating func configuration(_ root: YAMLNode) -> Configuration? {
    guard
      let fields = fields(
        root, known: ConfigurationDecoder.topFields,
        required: ["people", "organization", "standards"], what: "finops.yml")
    else { return nil }
    var site = SiteSettings(title: "FinOps Center")
    if let node = fields["site"],
      let siteFields = self.fields(
        node, known: ["title", "base_url", "repository", "branch"], required: [], what: "site")
    {
      site.repository = parsed(siteFields["repository"], "repository", expected: "an https:// URL") { text in
        text.hasPrefix("https://") && !text.contains(where: \.isWhitespace) ? String(text.trimmingSuffix("/")) : nil
      }
      if let branch = string(siteFields["branch"], "branch") { site.branch = branch }
      if let title = string(siteFields["title"], "title") { site.title = title }
      site.baseURL = parsed(siteFields["base_url"], "base_url", expected: "an https:// or http:// URL") { text in
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), !text.contains(where: \.isWhitespace) else {
          return nil
        }
        return text.hasSuffix("/") ? text : text + "/"
      }
    }
    var currency = "USD"
    if let node = fields["currency"] {
      if let code = parsed(node, "currency", expected: "a three-letter ISO 4217 code such as USD", {
        $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } ? $0 : nil
      }) {
        currency = code
      }
    }
    var people: [Person]?
    if let node = fields["people"] { people = decodePeople(node) }
    var organization: Organization?
    if let node = fields["organization"] { organization = decodeOrganization(node) }
    var standards: Standards?
    if let node = fields["standards"] { standards = decodeStandards(node) }
    var sla: SLAPolicy? = SLAPolicy()
    if let node = fields["sla"] { sla = decodeSLA(node) }
    var folders = WorkloadFolders.flat
    if let node = fields["workloads"],
      let layout = self.fields(node, known: ["folders"], required: [], what: "workloads"),
      let value = value(layout["folders"], "folders", as: WorkloadFolders.self)
    {
      folders = value
    }
    var baseline: String?
    if let node = fields["audit"],
      let audit = self.fields(node, known: ["baseline"], required: ["baseline"], what: "audit")
    {
      baseline = parsed(audit["baseline"], "baseline", expected: "a commit id (7 to 40 hex digits)") { text in
        (7...40).contains(text.count) && text.allSatisfy(\.isHexDigit) ? text : nil
      }
    }
    guard let people, let organization, let standards, let sla else { return nil }
    return Configuration(
      site: site, currency: currency, roster: Roster(people), organization: organization,
      standards: standards, sla: sla, workloadFolders: folders, auditBaseline: baseline)
  }

  mutating func decodePeople(_ node: YAMLNode) -> [Person]? {
    guard let nodes = list(node, what: "people") else { return nil }
    var people: [Person] = []
    var seen: [String: Int] = [:]
    for (index, element) in nodes.enumerated() {
      guard
        let fields = fields(
          element, known: ["email", "name", "personas"],
          required: ["email", "name", "personas"], what: "a person")
      else { continue }
      let email = email(fields["email"], "email")
      let name = string(fields["name"], "name")
      var personas: [Persona] = []
      if let personasNode = fields["personas"],
        let items = list(personasNode, what: "personas")
      {
        for item in items {
          if let persona = value(item, "personas", as: Persona.self) { personas.append(persona) }
        }
      }
      guard let email, let name else { continue }
      if let earlier = seen[email.lowercased()] {
        error(
          fields["email"], "roster.duplicate",
          "\(email) is already on the roster (people[\(earlier)]); list each person once")
      }
      seen[email.lowercased()] = index
      people.append(Person(email: email, name: name, personas: personas))
    }
    return people
  }

  mutating func decodeOrganization(_ node: YAMLNode) -> Organization? {
    guard
      let fields = fields(
        node, known: ["levels", "units"], required: ["units"],
        what: "organization")
    else { return nil }
    var levels = Organization.defaultLevels
    if let levelsNode = fields["levels"],
      let items = list(levelsNode, what: "levels")
    {
      if items.count == 4 {
        for (index, item) in items.enumerated() { levels[index] = string(item, "levels") ?? levels[index] }
      } else {
        error(levelsNode, "org.levels", "levels names the 4 levels E1 to E4, not \(items.count)")
      }
    }
    var seen: [String: SourceLocation] = [:]
    guard let unitsNode = fields["units"],
      let units = decodeUnits(unitsNode, depth: 1, seen: &seen)
    else { return nil }
    if units.isEmpty { error(unitsNode, "org.levels", "the organization needs at least one unit") }
    return Organization(levels: levels, units: units)
  }

  mutating func decodeUnits(_ node: YAMLNode, depth: Int, seen: inout [String: SourceLocation])
    -> [OrgUnit]?
  {
    guard let items = list(node, what: "units") else { return nil }
    var units: [OrgUnit] = []
    for item in items {
      guard
        let fields = fields(
          item, known: ["id", "name", "units"], required: ["id", "name"],
          what: "a unit")
      else { continue }
      let id = parsed(fields["id"], "id", expected: "lowercase words joined by hyphens") {
        Identifiers.isUnitID($0) ? $0 : nil
      }
      let name = string(fields["name"], "name")
      var children: [OrgUnit] = []
      if let childNode = fields["units"] {
        if depth == 4 {
          error(childNode, "org.levels", "'\(id ?? "?")' is an E4 unit; products have no units below them")
        } else {
          children = decodeUnits(childNode, depth: depth + 1, seen: &seen) ?? []
        }
      } else if depth < 4 {
        error(
          item, "org.levels",
          "unit '\(id ?? "?")' is at level E\(depth) and needs 'units' down to E4")
      }
      guard let id, let name else { continue }
      if let earlier = seen[id] {
        error(fields["id"], "org.duplicate-id", "unit id '\(id)' is already used at \(earlier)")
      } else {
        seen[id] = location(fields["id"])
      }
      units.append(OrgUnit(id: id, name: name, units: children))
    }
    return units
  }

  mutating func decodeStandards(_ node: YAMLNode) -> Standards? {
    let required = ["platforms", "accounts", "regions", "models"]
    guard
      let fields = fields(
        node, known: required + ["platforms_by_use_case"], required: required, what: "standards")
    else { return nil }
    var platforms: [Platform] = []
    if let node = fields["platforms"], let items = list(node, what: "platforms") {
      for item in items {
        if let platform = value(item, "platforms", as: Platform.self) { platforms.append(platform) }
      }
    }
    var accounts: [Account] = []
    if let node = fields["accounts"], let items = list(node, what: "accounts") {
      for item in items {
        guard
          let accountFields = self.fields(
            item, known: ["id", "name"],
            required: ["id", "name"], what: "an account")
        else { continue }
        let id = parsed(accountFields["id"], "id", expected: "a 12-digit AWS account id (quote it)") {
          Identifiers.isAccountID($0) ? $0 : nil
        }
        let name = string(accountFields["name"], "name")
        if let id, let name { accounts.append(Account(id: id, name: name)) }
      }
    }
    // What a task is made from: a Region or a model no platform calls would pass every
    // approval's check and make no task.
    let regions = strings(
      fields["regions"], what: "regions", expected: "an AWS Region code such as us-east-1",
      valid: Identifiers.isRegion)
    let models = strings(
      fields["models"], what: "models",
      expected: "a Bedrock model or inference-profile ID such as \(ModelKind.bedrock.example), "
        + "or a Claude API model name such as \(ModelKind.claudeAPI.example)"
    ) { ModelKind(modelID: $0) != nil }
    var byUseCase: [UseCase: [Platform]] = [:]
    if let node = fields["platforms_by_use_case"],
      let kinds = self.fields(
        node, known: UseCase.allCases.map(\.rawValue), required: [], what: "platforms_by_use_case")
    {
      for useCase in UseCase.allCases {
        guard let listNode = kinds[useCase.rawValue],
          let items = list(listNode, what: useCase.rawValue)
        else { continue }
        var listed: [Platform] = []
        for item in items {
          guard let platform = value(item, useCase.rawValue, as: Platform.self) else { continue }
          if !platforms.contains(platform) {
            error(
              item, "standards.platform",
              "\(useCase.rawValue) lists platform '\(platform.rawValue)', which standards.platforms "
                + "does not allow"
            )
          }
          listed.append(platform)
        }
        if listed.isEmpty {
          error(
            listNode, "schema.type",
            "\(useCase.rawValue) lists no platform; leave it out to allow them all")
        }
        byUseCase[useCase] = listed
      }
    }
    return Standards(
      platforms: platforms, accounts: accounts, regions: regions, models: models,
      platformsByUseCase: byUseCase)
  }

  /// The texts of a list; with `expected`, those `valid` accepts (the others are reported as
  /// not what was expected).
  mutating func strings(
    _ node: YAMLNode?, what: String, expected: String? = nil,
    valid: (String) -> Bool = { _ in true }
  ) -> [String] {
    guard let node, let items = list(node, what: what) else { return [] }
    var result: [String] = []
    for item in items {
      let text =
        if let expected { parsed(item, what, expected: expected) { valid($0) ? $0 : nil } } else {
          string(item, what)
        }
      if let text { result.append(text) }
    }
    return result
  }

  mutating func decodeSLA(_ node: YAMLNode) -> SLAPolicy? {
    guard
      let fields = fields(
        node, known: ["normal", "priority", "holidays"], required: [], what: "sla")
    else { return nil }
    var policy = SLAPolicy()
    if let days = int(fields["normal"], "normal") { policy.normalDays = days }
    if let days = int(fields["priority"], "priority") { policy.priorityDays = days }
    if policy.priorityDays > policy.normalDays {
      error(
        fields["priority"], "sla.days",
        "priority tasks (\(policy.priorityDays) days) cannot take longer than normal ones (\(policy.normalDays))"
      )
    }
    if let node = fields["holidays"], let items = list(node, what: "holidays") {
      var holidays: Set<Day> = []
      for item in items { if let day = day(item, "holidays") { holidays.insert(day) } }
      policy.calendar = BusinessCalendar(holidays: holidays)
    }
    return policy
  }
}
