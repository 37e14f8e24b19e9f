import FinOpsCore
import FinOpsProvisioning
import FinOpsTemplates
import Foundation

extension SiteBuilder {
  // MARK: Dashboard

  /// Spend and budget of all cards in the latest complete week (summed when the report was
  /// made: no card is read for them).
  var lastWeekSpend: (Money, Money) {
    guard let totals = input.spend?.lastCompleteWeek else { return (.zero, .zero) }
    return (totals.spend, totals.budget)
  }

  func dashboard() -> DashboardPage {
    let counts = Dictionary(grouping: facts, by: { $0.component.status }).mapValues(\.count)
    // Each status's share of all components (the bars were scaled to the largest count, which
    // read as "100 %" for it).
    let total = max(1, facts.count)
    let pipeline = Status.allCases.map { status in
      PipelineRow(
        label: Format.badge(status).label, tone: Format.badge(status).tone,
        count: counts[status] ?? 0, percent: ((counts[status] ?? 0) * 200 + total) / (2 * total))
    }
    let leadTimes = facts.compactMap(\.leadTimeDays).sorted()
    let promise = 2.0
    func percentile(_ p: Double) -> String {
      guard !leadTimes.isEmpty else { return "–" }
      let rank = Int((p * Double(leadTimes.count - 1)).rounded())
      return Format.days(leadTimes[rank])
    }
    let within = leadTimes.filter { $0 <= promise }.count
    let live = facts.filter { $0.component.status == .live }
    let pipelineStatuses: Set<Status> = [.submitted, .approved, .readyToClaim]
    let opportunityLive = live.reduce(Money.zero) { $0 + $1.annualOpportunity }
    let opportunityPipeline = facts.filter { pipelineStatuses.contains($0.component.status) }
      .reduce(Money.zero) { $0 + $1.annualOpportunity }
    let budgetLive = live.reduce(Money.zero) { $0 + $1.component.request.monthlyBudget }
    let overdue = facts.filter { $0.sla == .overdue }.map { sharedRow($0, root: "") }
    let atRisk = facts.filter { $0.sla == .atRisk }.map { sharedRow($0, root: "") }
    let recent = newestEntries(12)
    let organization = input.configuration.organization
    return DashboardPage(
      page: chrome("Dashboard", section: "dashboard", depth: 0), pipeline: pipeline,
      total: facts.count, totalText: Format.count(facts.count, "AI component"), live: live.count,
      liveText: Format.grouped(live.count), medianLeadTime: percentile(0.5),
      p90LeadTime: percentile(0.9), leadTimeSample: leadTimes.count,
      withinPromise: leadTimes.isEmpty ? "–" : "\(within * 100 / leadTimes.count)%",
      hasLeadTime: !leadTimes.isEmpty, promiseDays: Int(promise), overdue: overdue,
      atRisk: atRisk, hasSLAIssues: !overdue.isEmpty || !atRisk.isEmpty,
      opportunityLive: money(opportunityLive), opportunityPipeline: money(opportunityPipeline),
      budgetLive: money(budgetLive),
      recent: recent.map { activity(facts[$0.fact].component.history[$0.entry], fact: facts[$0.fact], root: "") },
      businessUnits: organization.units.map { orgRow($0, level: 1, root: "") },
      hasSpend: lastWeek != nil, spendWeek: lastWeek.map { "\($0) – \($0.adding(days: 6))" } ?? "",
      spendLastWeek: money(lastWeekSpend.0), spendBudgetLastWeek: money(lastWeekSpend.1),
      spendUnattributed: input.spend.map { report in
        report.ledger.reconciliation.filter { $0.currency == currency }
          .reduce(Money.zero) { $0 + $1.unattributed.effective }
      }.map(money) ?? "")
  }

  /// The `count` newest history entries of all components (fact and entry index): by time, then
  /// reference, newest and last first, and a component's entries of one instant in file order.
  /// One pass that keeps the newest so far, instead of sorting every entry of the repository.
  func newestEntries(_ count: Int) -> [(fact: Int, entry: Int)] {
    guard count > 0 else { return [] }
    var newest: [(at: Timestamp, fact: Int, entry: Int)] = []
    newest.reserveCapacity(count + 1)
    // Whether `a` comes before `b` (references are unique; one component's entries of one
    // instant keep their order).
    func before(_ a: (at: Timestamp, fact: Int, entry: Int), _ b: (at: Timestamp, fact: Int, entry: Int)) -> Bool {
      if a.at != b.at { return a.at > b.at }
      if a.fact != b.fact { return facts[a.fact].reference > facts[b.fact].reference }
      return a.entry < b.entry
    }
    for (index, fact) in facts.enumerated() {
      for (position, entry) in fact.component.history.enumerated() {
        let candidate = (at: entry.at, fact: index, entry: position)
        if newest.count == count, let last = newest.last, !before(candidate, last) { continue }
        let place = newest.lastIndex { before($0, candidate) }.map { $0 + 1 } ?? 0
        newest.insert(candidate, at: place)
        if newest.count > count { newest.removeLast() }
      }
    }
    return newest.map { ($0.fact, $0.entry) }
  }

  // MARK: Review queue

  /// The review queue; its requests' descriptions are read through `reads` when it renders.
  func review(_ reads: DescriptionReads = DescriptionReads()) -> ReviewPage {
    let submitted = facts.filter { $0.component.status == .submitted }
      .sorted { ($0.lastSubmitted ?? input.now, $0.reference) < ($1.lastSubmitted ?? input.now, $1.reference) }
    // Each request is made (its description rendered) only when the page is rendered and its
    // entry is not copied from the last build's page (`TemplateFragments`).
    let source = RowSource(builder: self)
    let requests = submitted.map { fact in
      TemplateEncoded<ReviewRequest>(fingerprint: reviewFingerprint(fact), library: library) {
        source.builder.reviewRequest(fact, reads: reads)
      }
    }
    return ReviewPage(
      page: chrome("Review queue", section: "review", depth: 0), requests: requests,
      isEmpty: requests.isEmpty,
      disclaimer: "The business case is the Product Owner's declaration; FinOps Center does not verify it. Acknowledge it as declared when you approve.")
  }

  /// A submitted component's entry in the review queue.
  func reviewRequest(_ fact: ComponentFacts, reads: DescriptionReads) -> ReviewRequest {
    let request = fact.component.request
    let businessCase = request.businessCase
    let submission = fact.component.lastSubmission
    let isAddition = fact.workload.components.first?.id != fact.component.id
    let fields = [
      Field(label: "Use case", value: request.useCase.title + (request.purpose.map { " — " + $0.rawValue.replacing(ascii: "-", with: " ") } ?? "")),
      Field(label: "Runtime", value: request.runtime.title),
      Field(label: "Team size", value: String(request.teamSize)),
      Field(label: "AI utilization", value: request.utilization),
      Field(label: "PO budget estimate", value: money(request.monthlyBudget) + " per month"),
      Field(label: "Business case", value: "\(businessCase.valueType.title): \(ExactDecimal.format(businessCase.targetPercent, minimumFractionDigits: 0))% of \(money(businessCase.annualBaseline)) a year"),
      Field(label: "Product", value: orgPathText(fact.workload.product)),
      Field(label: "Owner", value: personName(fact.workload.owner)),
    ]
    return ReviewRequest(
      reference: fact.reference, title: fact.workload.title,
      href: "workloads/\(fact.workload.slug).html#\(fact.component.id)",
      submittedBy: submission.map { personName($0.by) } ?? "",
      submittedAt: submission.map { Format.time($0.at) } ?? "",
      waitingDays: submissionAge(fact),
      isParentAddition: isAddition, fields: fields,
      opportunity: money(businessCase.annualOpportunity),
      descriptionHtml: markdown.render(document(fact.workload.slug).map { reads.text($0.body) } ?? ""),
      command: CommandBlock(id: "approve-\(fact.component.id)", text: approveCommand(fact)),
      history: fact.component.history.map { activity($0, fact: fact, root: "") })
  }

  /// The age of a component's last submission as the review queue shows it.
  func submissionAge(_ fact: ComponentFacts) -> String {
    fact.lastSubmitted.map { Self.submissionAge(from: $0, to: input.now, calendar: calendar) } ?? ""
  }

  /// The age at `now` of a submission made at `submitted`, as the review queue shows it.
  static func submissionAge(from submitted: Timestamp, to now: Timestamp, calendar: BusinessCalendar) -> String {
    Format.days(calendar.businessDays(from: submitted, to: now))
  }

  /// What a review queue entry is made from, fingerprinted: everything `reviewRequest` reads.
  /// The workload's file (its path and the fingerprint of its text: the description is part of
  /// the entry), the configuration, the templates and the executable through `keyBase`, the
  /// component, and the submission's age as shown. Nil without `keyBase` or the file's
  /// fingerprint (the entry is then fingerprinted by its text if asked).
  func reviewFingerprint(_ fact: ComponentFacts) -> ContentHash? {
    guard var key = keyBase, let document = document(fact.workload.slug), let digest = document.digest else { return nil }
    key.update("review request")
    key.update(document.path)
    key.update(digest)
    key.update(fact.component.id)
    key.update(submissionAge(fact))
    return key
  }

  func orgPathText(_ id: String) -> String {
    let organization = input.configuration.organization
    return (organization.path(to: id) ?? [id]).map { organization.unit($0)?.name ?? $0 }
      .joined(separator: " › ")
  }

  // MARK: Engineering tracking

  func engineering() -> EngineeringPage {
    let tracked: Set<Status> = [.approved, .readyToClaim, .live, .retired]
    let rows = facts.filter { tracked.contains($0.component.status) }
      .sorted { (open($0) ? 0 : 1, $0.dueDate ?? Day(ordinal: 0), $0.reference) < (open($1) ? 0 : 1, $1.dueDate ?? Day(ordinal: 0), $1.reference) }
      .map { sharedRow($0, root: "") }
    return EngineeringPage(
      page: chrome("Engineering tracking", section: "engineering", depth: 0), rows: rows,
      isEmpty: rows.isEmpty, open: facts.filter(open).count,
      overdue: facts.filter { $0.sla == .overdue }.count)
  }

  func open(_ fact: ComponentFacts) -> Bool { fact.component.status == .approved }

  // MARK: Workload page

  func workloadPage(_ item: SiteWorkload) throws -> WorkloadPage {
    let workload = item.workload
    let organization = input.configuration.organization
    let path = (organization.path(to: workload.product) ?? []).map { id in
      Link(title: organization.unit(id)?.name ?? id, href: String(spliced: "../org/\(id).html"))
    }
    let mine = facts(ofSlug: workload.slug)
    let opportunity = workload.components.reduce(Money.zero) { $0 + $1.request.businessCase.annualOpportunity }
    return WorkloadPage(
      page: chrome(workload.title, section: "", depth: 1, clock: Self.dependsOnClock(mine)), title: workload.title,
      slug: workload.slug, owner: personName(workload.owner),
      ownerHref: String(spliced: "../spaces/\(Format.personSlug(workload.owner)).html"),
      orgPath: path,
      budget: money(workload.monthlyBudget), opportunity: money(opportunity),
      sourcePath: item.path, descriptionHtml: markdown.render(try item.body.text()),
      components: mine.map(componentSection))
  }

  /// Whether a workload page with these components shows anything that changes with the clock:
  /// an SLA still running (on track, at risk, overdue), whose state is worked out at build time.
  /// Its other content changes only with its file, the configuration and the spend.
  static func dependsOnClock(_ facts: some Collection<ComponentFacts>) -> Bool {
    facts.contains { [.onTrack, .atRisk, .overdue].contains($0.sla) }
  }

  func componentSection(_ fact: ComponentFacts) -> ComponentSection {
    let component = fact.component
    let task = fact.task(input.configuration, shared: taskParts)
    let request = component.request
    let businessCase = request.businessCase
    var requestFields = [
      Field(label: "Use case", value: request.useCase.title + (request.purpose.map { " — " + $0.rawValue.replacing(ascii: "-", with: " ") } ?? "")),
      Field(label: "Runtime", value: request.runtime.title),
      Field(label: "Team size", value: String(request.teamSize)),
      Field(label: "AI utilization", value: request.utilization),
      Field(label: "Monthly budget", value: money(request.monthlyBudget)),
      Field(
        label: "Business case",
        value: String(
          spliced: """
            \(businessCase.valueType.title): \
            \(ExactDecimal.format(businessCase.targetPercent, minimumFractionDigits: 0))% of \
            \(money(businessCase.annualBaseline)) a year
            """)),
    ]
    if let submission = component.lastSubmission {
      requestFields.append(
        Field(
          label: "Submitted",
          value: String(spliced: "\(personName(submission.by)), \(Format.time(submission.at))")))
    }
    var approvalFields: [Field] = []
    if let approval = component.approval {
      let account =
        input.configuration.standards.account(approval.account).map {
          String(spliced: "\($0.name) (\($0.id))")
        } ?? approval.account
      approvalFields = [
        Field(label: "Platform", value: approval.platform.title),
        Field(label: "Model", value: approval.model),
        Field(label: "Account", value: account),
        Field(label: "Region", value: approval.region),
        Field(label: "IAM role", value: fact.role?.name ?? ""),
        Field(
          label: "Confirmed estimate",
          value: String(
            spliced: """
              \(money(approval.estimate.monthly)) per month \
              (\(Format.grouped(approval.estimate.inputTokens)) input, \
              \(Format.grouped(approval.estimate.outputTokens)) output tokens)
              """)),
        Field(
          label: "Priority",
          value: String(
            spliced: """
              \(approval.priority.rawValue) \
              (\(input.configuration.sla.days(for: approval.priority)) business days)
              """)),
        Field(
          label: "Business case",
          value: approval.businessCaseAcknowledged ? "acknowledged as declared" : "not acknowledged"
        ),
      ]
      if let workspace = approval.workspace { approvalFields.insert(Field(label: "Workspace", value: workspace), at: 4) }
      if let entry = component.approvalEntry {
        approvalFields.append(
          Field(
            label: "Approved",
            value: String(spliced: "\(personName(entry.by)), \(Format.time(entry.at))")))
      }
    }
    let implemented = task == nil ? nil : component.history.last { $0.transition == .implement }
    let steps =
      task?.steps.enumerated().map { index, step -> TaskStepView in
        let key = ImplementationStep(rawValue: step.key)
        let signature = key.flatMap { component.implementation?.steps[$0] }
        let done = key == nil ? implemented != nil : signature != nil
        let by =
          key == nil
          ? implemented.map { String(spliced: "\(personName($0.by)), \(Format.time($0.at))") }
          : signature.map { String(spliced: "\(personName($0.by)), \(Format.time($0.at))") }
        return TaskStepView(
          number: index + 1, title: step.title, summary: step.summary, done: done, doneBy: by ?? "",
          links: step.links.map { Link(title: $0.title, href: $0.url) },
          hasLinks: !step.links.isEmpty,
          files: step.files.map {
            CommandBlock(
              id: String(spliced: "\(component.id)-\(step.key)-\($0.name)"), text: $0.content,
              label: $0.name)
          },
          fileNames: step.files.map(\.name),
          commands: step.commands.enumerated().map {
            CommandBlock(
              id: String(spliced: "\(component.id)-\(step.key)-\($0.offset)"), text: $0.element)
          },
          hasFiles: !step.files.isEmpty)
      } ?? []
    let handoff = fact.handoff
    let next = nextCommand(fact)
    return ComponentSection(
      id: component.id, reference: fact.reference, badge: Format.badge(component.status),
      request: requestFields, opportunity: money(businessCase.annualOpportunity),
      hasApproval: component.approval != nil, approval: approvalFields,
      rationale: component.approval?.rationale ?? "", hasTask: task != nil,
      taskSteps: steps, taskNotes: task?.notes ?? [], hasNotes: !(task?.notes ?? []).isEmpty, due: fact.dueDate?.description,
      sla: fact.sla?.rawValue, slaTone: slaTone(fact.sla), hasHandoff: handoff != nil,
      handoff: handoffFields(fact), handoffAll: handoffAll(fact, label: "All values"),
      nextStep: nextStep(fact),
      nextCommand: CommandBlock(id: String(spliced: "\(component.id)-next"), text: next),
      hasNextCommand: !next.isEmpty, spend: componentSpend(fact),
      timeline: component.history.map { activity($0, fact: fact, root: "../") })
  }

  func nextStep(_ fact: ComponentFacts) -> String {
    let owner = personName(fact.workload.owner)
    switch fact.component.status {
    case .draft: return String(spliced: "\(owner) submits the draft when it is ready.")
    case .submitted: return "A FinOps Lead reviews the request."
    case .changesRequested: return String(spliced: "\(owner) revises the request and resubmits it.")
    case .approved:
      return "A Cloud Engineer works the task"
        + (fact.dueDate.map { String(spliced: ", due \($0).") } ?? ".")
    case .readyToClaim:
      return String(spliced: "\(owner) claims the role; the Developer Handoff is below.")
    case .live:
      return String(
        spliced: """
          Live since \(fact.liveAt.map(Format.time) ?? "?"): spend from the role is attributed to \
          this workload.
          """)
    case .rejected: return String(spliced: "Rejected: \(fact.component.history.last?.reason ?? "")")
    case .retired: return String(spliced: "Retired: \(fact.component.history.last?.reason ?? "")")
    }
  }

  /// The Developer Handoff's values, each with its copy button's id (the component's id first:
  /// unique on any page).
  func handoffFields(_ fact: ComponentFacts) -> [HandoffField] {
    fact.handoff?.variables.map { variable in
      HandoffField(
        label: variable.title, name: variable.name, value: variable.value,
        id: String(spliced: "\(fact.component.id)-\(variable.name)"))
    } ?? []
  }

  /// The Developer Handoff as one block to copy, under `label` (the `handoff` partial's).
  func handoffAll(_ fact: ComponentFacts, label: String) -> CommandBlock {
    CommandBlock(
      id: String(spliced: "\(fact.component.id)-handoff"), text: fact.handoff?.text ?? "",
      label: label)
  }

  // MARK: Spaces

  func spacesIndex() -> SpacesPage {
    SpacesPage(
      page: chrome("Spaces", section: "spaces", depth: 1),
      people: input.configuration.roster.people.map { person in
        let owned = factsByOwner[person.email.lowercased()] ?? []
        let waiting = owned.filter { [.draft, .changesRequested, .readyToClaim].contains($0.component.status) }
        return PersonRow(
          name: person.name, email: person.email, href: "\(Format.personSlug(person.email)).html",
          personas: person.personas.map(\.title).joined(separator: ", "),
          workloads: Set(owned.map(\.workload.slug)).count, waiting: waiting.count)
      })
  }

  func space(_ person: Person) -> SpacePage {
    let owned = factsByOwner[person.email.lowercased()] ?? []
    func rows(_ status: Status) -> [TemplateEncoded<ComponentRow>] {
      owned.filter { $0.component.status == status }.map { sharedRow($0, root: "../") }
    }
    // Ready to claim: the claim command and the Developer Handoff to paste, in the Space itself.
    let ready = owned.filter { $0.component.status == .readyToClaim }.map { fact in
      ClaimAction(
        row: sharedRow(fact, root: "../"), handoff: handoffFields(fact),
        handoffAll: handoffAll(fact, label: "Developer Handoff"),
        hasHandoff: fact.handoff != nil)
    }
    let changes = rows(.changesRequested)
    let drafts = rows(.draft)
    return SpacePage(
      page: chrome(person.name, section: "spaces", depth: 1), name: person.name,
      email: person.email, personas: person.personas.map(\.title).joined(separator: ", "),
      feedHref: "../feeds/people/\(Format.personSlug(person.email)).xml",
      readyToClaim: ready, changesRequested: changes, drafts: drafts,
      hasActions: !(ready.isEmpty && changes.isEmpty && drafts.isEmpty),
      workloads: owned.map { sharedRow($0, root: "../") }, hasWorkloads: !owned.isEmpty)
  }

  // MARK: Organisation

  struct UnitPlace {
    var unit: OrgUnit
    var level: Int
    var ancestors: [OrgUnit]
  }

  func allUnits() -> [UnitPlace] {
    var result: [UnitPlace] = []
    func visit(_ unit: OrgUnit, level: Int, ancestors: [OrgUnit]) {
      result.append(UnitPlace(unit: unit, level: level, ancestors: ancestors))
      for child in unit.units { visit(child, level: level + 1, ancestors: ancestors + [unit]) }
    }
    for unit in input.configuration.organization.units { visit(unit, level: 1, ancestors: []) }
    return result
  }

  /// The facts of every component in a unit, through its products.
  func facts(in unit: OrgUnit) -> [ComponentFacts] { factsByUnit[unit.id] ?? [] }

  func orgRow(_ unit: OrgUnit, level: Int, root: String) -> OrgRow {
    let totals = unitTotals[unit.id] ?? UnitTotals()
    return OrgRow(
      id: unit.id, name: unit.name, href: "\(root)org/\(unit.id).html",
      level: "E\(level) · " + input.configuration.organization.levelName(level),
      workloads: totals.workloads, live: totals.live, budget: money(totals.budget),
      opportunity: money(totals.opportunity),
      spendLastWeek: input.spend.map { report in
        money(report.rollUp(unit.id)?.weeks.first { $0.week == lastWeek }?.spend ?? .zero)
      })
  }

  func orgIndex() -> OrgIndexPage {
    OrgIndexPage(
      page: chrome("Organisation", section: "org", depth: 1),
      units: allUnits().map { place in
        OrgTreeRow(
          name: place.unit.name, href: "\(place.unit.id).html",
          level: "E\(place.level) · " + input.configuration.organization.levelName(place.level),
          depth: place.level - 1,
          workloads: unitTotals[place.unit.id]?.workloads ?? 0,
          workloadsText: Format.count(unitTotals[place.unit.id]?.workloads ?? 0, "workload"))
      })
  }

  func orgPage(_ place: UnitPlace) -> OrgPage {
    let organization = input.configuration.organization
    let inside = facts(in: place.unit)
    let summary = orgRow(place.unit, level: place.level, root: "../")
    return OrgPage(
      page: chrome(place.unit.name, section: "org", depth: 1), name: place.unit.name,
      level: String(spliced: "E\(place.level) · \(organization.levelName(place.level))"),
      breadcrumb: place.ancestors.map {
        Link(title: $0.name, href: String(spliced: "\($0.id).html"))
      },
      children: place.unit.units.map { orgRow($0, level: place.level + 1, root: "../") },
      hasChildren: !place.unit.units.isEmpty,
      childLevel: organization.levelName(place.level + 1),
      workloads: inside.map { sharedRow($0, root: "../") }, hasWorkloads: !inside.isEmpty,
      budget: summary.budget, opportunity: summary.opportunity,
      hasSpend: !(input.spend?.rollUp(place.unit.id)?.weeks.isEmpty ?? true),
      spendWeeks: (input.spend?.rollUp(place.unit.id)?.weeks ?? []).reversed().prefix(12).map { week in
        RollUpRow(
          name: place.unit.name, href: "", level: "",
          week: String(
            spliced: """
              \(week.week) – \(week.week.adding(days: 6))\
              \(lastWeek.map { week.week > $0 } == true ? " (so far)" : "")
              """),
          spend: money(week.spend), budget: money(week.budget),
          variance: (week.variance > .zero ? "+" : "") + money(week.variance),
          state: Self.stateBadge(week.state), live: week.liveWorkloads,
          opportunity: money(week.annualOpportunity), depth: 0)
      })
  }
}

extension SiteBuilder {
  /// The Add Workload wizard for Product Owners who never touch a terminal.
  func submitPage() -> SubmitPage {
    let configuration = input.configuration
    let organization = configuration.organization
    let site = configuration.site
    return SubmitPage(
      page: chrome("Add workload", section: "submit", depth: 0),
      products: organization.ids(atLevel: 4).map { Option(value: $0, label: orgPathText($0)) },
      runtimes: Runtime.allCases.map { Option(value: $0.rawValue, label: $0.title) },
      owners: configuration.roster.people.filter { $0.personas.contains(.productOwner) }
        .map { Option(value: $0.email, label: "\($0.name) <\($0.email)>") },
      workloads: sortedDocuments.map { document in
        ExistingWorkload(
          value: document.workload.slug,
          label: String(
            spliced: """
              \(document.workload.title) (\(document.workload.slug), \
              \(personName(document.workload.owner)))
              """),
          path: document.path)
      },
      hasWorkloads: !sortedDocuments.isEmpty,
      currency: configuration.currency,
      newFileURL: site.repository.map { "\($0)/new/\(site.branch)" },
      editFileURL: site.repository.map { "\($0)/edit/\(site.branch)/" },
      usedIDs: facts.map(\.component.id).sorted().joined(separator: " "),
      alphabet: String(Identifiers.componentIDAlphabet))
  }
}
