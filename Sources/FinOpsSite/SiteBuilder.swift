import FinOpsCore
import FinOpsProvisioning
import Foundation
import Mustache

/// A problem with the templates: a parse error, or a template the build needs that is missing.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var description: String
}

/// Renders a repository into the files of a static site: derive → render. Pure: the caller
/// reads the inputs and writes the output (`SiteWriter`).
public struct SiteBuilder: Sendable {
  let input: SiteInput
  let library: MustacheLibrary
  let markdown = MarkdownRenderer()
  let facts: [ComponentFacts]
  let documents: [String: SiteWorkload]
  /// Each workload's components' facts, by slug.
  let factsBySlug: [String: [ComponentFacts]]
  /// Submitted requests, for the navigation badge.
  let reviewCount: Int
  /// The facts of the components in each E4 product.
  let factsByProduct: [String: [ComponentFacts]]
  /// The latest complete week with cards; found once, as every org row asks for it.
  let lastWeek: Day?

  /// Parses the templates and derives every component's facts.
  public init(_ input: SiteInput) throws {
    self.input = input
    var library = MustacheLibrary()
    for name in Templates.required where input.templates.sources[name] == nil {
      throw TemplateError(description: "templates/\(name).mustache is missing")
    }
    for (name, source) in input.templates.sources.sorted(by: { $0.key < $1.key }) {
      do {
        try library.register(source, named: name)
      } catch {
        throw TemplateError(description: "templates/\(name).mustache: \(error)")
      }
    }
    self.library = library
    let configuration = input.configuration
    let now = input.now
    var facts: [ComponentFacts] = []
    var documents: [String: SiteWorkload] = [:]
    for item in input.workloads.sorted(by: { $0.workload.slug < $1.workload.slug }) {
      documents[item.workload.slug] = item
      for component in item.workload.components {
        facts.append(ComponentFacts(workload: item.workload, component: component, configuration: configuration, now: now))
      }
    }
    self.facts = facts
    self.documents = documents
    factsBySlug = Dictionary(grouping: facts, by: { $0.workload.slug })
    reviewCount = facts.filter { $0.component.status == .submitted }.count
    lastWeek = input.spend?.cards.filter(\.complete).map(\.week).max()
    factsByProduct = Dictionary(grouping: facts, by: { $0.workload.product })
  }

  /// Every file of the site: relative path → content.
  public func build() throws -> [String: String] {
    var files: [String: String] = [:]
    files["index.html"] = try render("dashboard", dashboard())
    files["review.html"] = try render("review", review())
    files["engineering.html"] = try render("engineering", engineering())
    // A web host serves 404.html at any depth: with a base URL its links are absolute.
    var notFound = chrome("Page not found", section: "", depth: 0)
    notFound.root = input.configuration.site.baseURL ?? ""
    files["404.html"] = try render("not-found", NotFoundPage(page: notFound))
    // Workload pages are most of the site: render them on every core.
    let items = documents.values.sorted { $0.workload.slug < $1.workload.slug }
    let pages = parallelMap(items.count) { index in
      Result { try render("workload", workloadPage(items[index])) }
    }
    for (item, page) in zip(items, pages) {
      files["workloads/\(item.workload.slug).html"] = try page.get()
    }
    files["spaces/index.html"] = try render("spaces", spacesIndex())
    for person in input.configuration.roster.people {
      files["spaces/\(Format.personSlug(person.email)).html"] = try render("space", space(person))
    }
    files["org/index.html"] = try render("org-index", orgIndex())
    for unit in allUnits() {
      files["org/\(unit.unit.id).html"] = try render("org", orgPage(unit))
    }
    for (path, text) in Feeds(builder: self).files() { files[path] = text }
    files["api/workloads.json"] = try JSONExport(builder: self).workloads()
    files["spend.html"] = try render("spend", spendPage())
    files["submit.html"] = try render("submit", submitPage())
    if let spend = input.spend {
      files["api/spend.json"] = String(decoding: try spend.jsonData(), as: UTF8.self) + "\n"
    }
    for (name, text) in input.templates.assets { files["assets/\(name)"] = text }
    return files
  }

  func render(_ template: String, _ model: Any) throws -> String {
    guard let html = library.render(MustacheValue.convert(model), withTemplate: template) else {
      throw TemplateError(description: "templates/\(template).mustache could not be rendered")
    }
    return html
  }

  // MARK: Shared pieces

  var currency: String { input.configuration.currency }

  func money(_ amount: Money) -> String { amount.display(currency) }

  func chrome(_ title: String, section: String, depth: Int) -> PageChrome {
    PageChrome(
      title: title, siteTitle: input.configuration.site.title,
      root: String(repeating: "../", count: depth), section: section,
      generatedAt: Format.time(input.now),
      reviewCount: reviewCount)
  }

  func personName(_ email: String) -> String {
    input.configuration.roster.person(email)?.name ?? email
  }

  func productName(_ id: String) -> String {
    input.configuration.organization.unit(id)?.name ?? id
  }

  func row(_ fact: ComponentFacts, root: String) -> ComponentRow {
    let component = fact.component
    let approval = component.approval
    let done = component.implementation?.steps.count ?? 0
    let stepsDone = component.status == .approved ? done : (approval == nil ? 0 : 4)
    let last = component.history.last
    let account = approval.map { id in
      input.configuration.standards.account(id.account).map { "\($0.name) (\($0.id))" } ?? id.account
    }
    return ComponentRow(
      reference: fact.reference, workloadTitle: fact.workload.title,
      href: "\(root)workloads/\(fact.workload.slug).html#\(component.id)",
      badge: Format.badge(component.status),
      useCase: component.request.useCase.title + (component.request.purpose.map { " · " + $0.rawValue.replacingOccurrences(of: "-", with: " ") } ?? ""),
      owner: personName(fact.workload.owner), product: productName(fact.workload.product),
      budget: money(component.request.monthlyBudget),
      estimate: approval.map { money($0.estimate.monthly) } ?? "",
      platform: approval?.platform.title ?? "", model: approval?.model,
      account: account ?? "", region: approval?.region ?? "",
      steps: approval == nil ? "" : "\(stepsDone) of 4", stepsDone: stepsDone,
      due: fact.dueDate?.description ?? "", sla: fact.sla?.rawValue,
      slaTone: slaTone(fact.sla), overdue: fact.sla == .overdue || fact.sla == .missed,
      age: last.map { Format.days(input.configuration.sla.calendar.businessDays(from: $0.at, to: input.now)) } ?? "",
      since: last.map { Format.time($0.at) } ?? "", note: last?.reason ?? "",
      command: nextCommand(fact),
      search: [fact.reference, fact.workload.title, component.status.rawValue, personName(fact.workload.owner), productName(fact.workload.product), approval?.model ?? "", approval?.region ?? ""].joined(separator: " ").lowercased())
  }

  func slaTone(_ state: SLAState?) -> String {
    switch state {
    case .overdue?, .missed?: "bad"
    case .atRisk?: "warn"
    case .onTrack?, .met?: "good"
    case nil: "muted"
    }
  }

  /// The command whoever must act next would run.
  func nextCommand(_ fact: ComponentFacts) -> String {
    let reference = fact.reference
    switch fact.component.status {
    case .draft: return "finops submit \(reference)"
    case .submitted: return approveCommand(fact)
    case .changesRequested: return "finops resubmit \(reference)"
    case .approved:
      let open = ImplementationStep.allCases.filter { fact.component.implementation?.steps[$0] == nil }
      return open.first.map { "finops task done \(reference) \($0.rawValue)" } ?? "finops implement \(reference)"
    case .readyToClaim: return "finops claim \(reference)"
    case .live, .rejected, .retired: return ""
    }
  }

  func approveCommand(_ fact: ComponentFacts) -> String {
    let standards = input.configuration.standards
    let platform = standards.platforms.first?.rawValue ?? "bedrock"
    return """
      finops approve \(fact.reference) --platform \(platform) --model MODEL_ID \\
        --account \(standards.accounts.first?.name ?? "ACCOUNT") --region \(standards.regions.first ?? "REGION") \\
        --input-tokens MONTHLY_INPUT --output-tokens MONTHLY_OUTPUT --priority normal \\
        --rationale 'WHY THIS PLATFORM AND MODEL' --acknowledge-business-case
      """
  }

  func activity(_ entry: HistoryEntry, fact: ComponentFacts, root: String) -> ActivityRow {
    var text = "\(personName(entry.by)) \(entry.transition.pastTense) \(fact.workload.title) (\(fact.reference))"
    if let step = entry.step { text += ": \(step.rawValue)" }
    return ActivityRow(
      at: Format.time(entry.at), day: entry.at.day.description, text: text,
      href: "\(root)workloads/\(fact.workload.slug).html#\(fact.component.id)",
      persona: entry.persona.title, reason: entry.reason)
  }
}
