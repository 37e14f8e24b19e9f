import FinOpsCore
import FinOpsProvisioning
import Foundation
import FinOpsSpend
import FinOpsTemplates

/// A problem with the templates: a parse error, or a template the build needs that is missing.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var description: String
}

/// Renders a repository into the files of a static site: derive → render. Pure: the caller
/// reads the inputs and writes the output (`SiteWriter`).
public struct SiteBuilder: Sendable {
  private(set) var input: SiteInput
  let library: TemplateLibrary
  /// Whether a row's age can show on a page: whether any template names `age` (a row's
  /// template value holds only the names some template uses, so without one its age is in no
  /// page). The built-in templates show none: at 10,000 workloads some row's age, in tenths of
  /// a business day, moves every second or two, and with it, while it counted, the key of every
  /// page that lists the row (a build a minute after the last made 2,200 rows and the largest
  /// pages again for nothing).
  let rowAgeShown: Bool
  let markdown = MarkdownRenderer()
  /// What the Cloud Engineer tasks of components approved for the same target share, made once
  /// a build.
  let taskParts = CloudEngineerTask.Shared()
  /// Where the build time goes while a page that shows it is rendered (`writeChromed`): made
  /// afresh for every build, so that no text of the repository can be it, and starting with a
  /// control byte (which HTML escaping leaves as it is) so that it is quick to find.
  let timeMarker = "\u{1}finops-build-time-" + UUID().uuidString + "\u{1}"
  let facts: [ComponentFacts]
  /// Each workload's position in `sortedDocuments`, by slug.
  let documentIndex: [String: Int]
  /// The workloads, by slug (sorted once: three passes sorted them each).
  let sortedDocuments: [SiteWorkload]
  /// Submitted requests, for the navigation badge.
  let reviewCount: Int
  /// The facts of the components in each organisation unit (products and every unit above
  /// them), in reference order.
  let factsByUnit: [String: [ComponentFacts]]
  /// Each unit's totals for its row on the org pages and the dashboard, summed once.
  let unitTotals: [String: UnitTotals]
  /// The facts of the components each person owns, by lowercased email.
  let factsByOwner: [String: [ComponentFacts]]
  /// The latest complete week with cards; found once, as every org row asks for it.
  private(set) var lastWeek: Day?
  /// The SLA's business calendar, taken out of the configuration once (reading it through the
  /// configuration for each row copied the configuration).
  let calendar: BusinessCalendar
  /// Each fact's workload's position in `sortedDocuments`, indexed like `facts`.
  private let factDocuments: [Int]
  /// Each workload's facts: their range in `facts`, indexed like `sortedDocuments`.
  private let factRanges: [Range<Int>]
  /// What every page key starts from: `SiteInput.identity`, the Markdown library's version and
  /// the templates; nil when pages are not to be reused.
  let keyBase: ContentHash?
  /// Each component's list row, encoded once, linked from the site root and from one folder
  /// down; indexed like `facts`.
  private(set) var rows: [(top: TemplateEncoded<ComponentRow>, nested: TemplateEncoded<ComponentRow>)] = []

  /// Parses the templates and derives every component's facts.
  public init(_ input: SiteInput) throws {
    // The workloads are kept as `sortedDocuments` (sorted below), not twice.
    var kept = input
    kept.workloads = []
    self.input = kept
    var library = TemplateLibrary()
    for name in Templates.required where input.templates.sources[name] == nil {
      throw TemplateError(description: "templates/\(name).mustache is missing")
    }
    for (name, source) in input.templates.sources.sorted(by: { $0.key < $1.key }) {
      do {
        try library.register(source, named: name)
      } catch {
        throw TemplateError(description: "templates/\(name).mustache:\(error)")
      }
    }
    self.library = library
    rowAgeShown = library.uses("age")
    keyBase = input.identity.map { Self.keyBase(identity: $0, templates: input.templates) }
    let configuration = input.configuration
    let now = input.now
    var documentIndex: [String: Int] = [:]
    // Positions sorted, not the workloads (their comparisons are of slugs, and positions are
    // what the components below point at instead of copies of their records).
    let workloads = input.workloads
    let order = StringOrder.sortedPositions(count: workloads.count) { workloads[$0].workload.slug }
    var pairs: [(workload: Int, component: Int)] = []
    var sortedDocuments: [SiteWorkload] = []
    sortedDocuments.reserveCapacity(order.count)
    // Each component's workload's place in `sortedDocuments`, known once its run of workloads
    // of the same slug ends.
    var factDocuments: [Int] = []
    var factRanges: [Range<Int>] = []
    for (rank, position) in order.enumerated() {
      let item = workloads[position]
      for component in item.workload.components.indices { pairs.append((position, component)) }
      // Of workloads sharing a slug (which `finops check` refuses), the last is the one kept.
      if rank + 1 == order.count || workloads[order[rank + 1]].workload.slug != item.workload.slug {
        documentIndex[item.workload.slug] = sortedDocuments.count
        factRanges.append(factDocuments.count..<pairs.count)
        factDocuments += repeatElement(sortedDocuments.count, count: pairs.count - factDocuments.count)
        sortedDocuments.append(item)
      }
    }
    self.factDocuments = factDocuments
    self.factRanges = factRanges
    calendar = configuration.sla.calendar
    self.sortedDocuments = sortedDocuments
    let components = pairs
    // Deriving a task writes its policies and commands: worth both cores. The SLA policy is
    // all the facts read of the configuration (taken apart for each component, the whole
    // configuration cost a quarter of the facts' time in reference counting).
    let sla = configuration.sla
    let facts = parallelMap(components.count) { index in
      let (position, component) = components[index]
      return ComponentFacts(
        index: index, workload: workloads[position].workload,
        component: workloads[position].workload.components[component], sla: sla, now: now)
    }
    self.facts = facts
    self.documentIndex = documentIndex
    // The indexes of the facts, on both cores: the org units' lists (sorted at every level) on
    // one, the rest on the other.
    let organization = configuration.organization
    let ((byOwner, totals), byUnit) = concurrently({
      (
        Dictionary(grouping: facts, by: { $0.workload.owner.lowercased() }),
        Self.totals(facts, by: organization)
      )
    }) { Self.index(facts, by: organization) }
    reviewCount = input.reviewCount ?? facts.count { $0.component.status == .submitted }
    factsByOwner = byOwner
    factsByUnit = byUnit
    unitTotals = totals
    lastWeek = input.spend?.lastCompleteWeek?.week
    // Each row is made when a page first renders it, under a fingerprint of what it is made
    // from: a build whose pages that list rows are all kept makes none. The two differ only in
    // their link: the one from one folder down is written beside the other, in its arena.
    let source = RowSource(builder: self)
    rows = parallelMap(facts.count) { [self, library] index in
      let fact = facts[index]
      let made = rowFingerprint(fact)
      let href: @Sendable () -> String = { source.builder.rowHref(fact, root: "../") }
      let (top, nested) = TemplateEncoded<ComponentRow>.withVariant(
        fingerprint: made.map { rowFingerprint($0, root: "") },
        variantFingerprint: made.map { rowFingerprint($0, root: "../") }, library: library,
        replacing: "href", with: href, make: { source.builder.row(fact, root: "") }
      ) {
        var nested = $0
        nested.href = href()
        return nested
      }
      return (top, nested)
    }
  }

  /// What every page key starts from (`keyBase`): `identity` (`SiteInput.identity`), the
  /// Markdown library's version, and the templates and assets.
  public static func keyBase(identity: String, templates: Templates) -> ContentHash {
    var base = ContentHash()
    base.update(identity)
    base.update(MarkdownRenderer.version)
    for (name, source) in templates.sources.sorted(by: { $0.key < $1.key }) {
      base.update(name)
      base.update(source)
    }
    for (name, text) in templates.assets.sorted(by: { $0.key < $1.key }) {
      base.update(name)
      base.update(text)
    }
    return base
  }

  /// The descriptions a page's lazily made parts read, and the first that could not be read:
  /// such a part cannot throw, so the page's writer asks once the page is rendered.
  final class DescriptionReads: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (any Error)?

    /// The description, or nothing when it cannot be read (and the failure noted).
    func text(_ body: SiteWorkload.Body) -> String {
      do {
        return try body.text()
      } catch {
        lock.withLock { failure = failure ?? error }
        return ""
      }
    }

    /// Throws the first failure noted.
    func check() throws {
      if let failure = lock.withLock({ failure }) { throw failure }
    }
  }

  /// The builder the rows are made by (one copy for all of their closures).
  final class RowSource: Sendable {
    let builder: SiteBuilder
    init(builder: SiteBuilder) { self.builder = builder }
  }

  /// What a component's row is made from, fingerprinted (the row is kept under it, unmade until
  /// a page renders it): everything `row` reads but the link's root (`rowFingerprint(_:root:)`
  /// adds it). The workload's record (its file's path and the fingerprint of its front matter:
  /// the description is no part of a row), the configuration, the templates and the executable
  /// through `keyBase`; what the row works out from the clock (SLA state, due day, age) as
  /// shown. Its age only when a template names `age` (`rowAgeShown`). Nil without `keyBase` or
  /// the record's fingerprint (the row is then fingerprinted by its text if asked).
  func rowFingerprint(_ fact: ComponentFacts) -> ContentHash? {
    // The workload's entry read in place (a copy of it is a copy of its whole record).
    let position = factDocuments[fact.index]
    guard var key = keyBase, let digest = sortedDocuments[position].recordDigest else { return nil }
    key.update("component row")
    key.update(sortedDocuments[position].path)
    key.update(digest)
    key.update(fact.component.id)
    key.update(fact.sla?.rawValue ?? "")
    key.update(fact.dueDate?.description ?? "")
    if rowAgeShown { key.update(rowAge(fact)) }
    return key
  }


  /// The fingerprint of a component's row with links from `root`, from `rowFingerprint(_:)`.
  func rowFingerprint(_ made: ContentHash, root: String) -> ContentHash {
    var key = made
    key.update(root)
    return key
  }

  /// Gives the builder the spend report and its key (`SiteInput.spend`, `spendKey`) after it
  /// derived the facts, which do not read them: a build reads the kept report while the facts
  /// are derived.
  public mutating func attach(spend: SpendReport?, key: String?) {
    input.spend = spend
    input.spendKey = key
    lastWeek = spend?.lastCompleteWeek?.week
  }

  /// The facts of each unit's components: a product's own, and every unit's those of the
  /// products below it, in reference order.
  static func index(_ facts: [ComponentFacts], by organization: Organization) -> [String: [ComponentFacts]] {
    let byProduct = Dictionary(grouping: facts, by: { $0.workload.product })
    var result: [String: [ComponentFacts]] = [:]
    @discardableResult
    func visit(_ unit: OrgUnit) -> [ComponentFacts] {
      // Reference order, as the pages list them: not the order of workload slugs and of
      // components in their files ("a-b/x" comes before "a/y").
      let inside = (unit.units.isEmpty ? byProduct[unit.id] ?? [] : unit.units.flatMap { visit($0) })
        .sorted { $0.reference < $1.reference }
      result[unit.id] = inside
      return inside
    }
    for unit in organization.units { visit(unit) }
    return result
  }

  /// What a unit's row counts and sums.
  struct UnitTotals: Sendable {
    /// Workloads with a component in the unit.
    var workloads = 0
    /// Live components.
    var live = 0
    /// The live components' monthly budgets.
    var budget = Money.zero
    /// The declared annual opportunity of the components still in play (not drafts, rejected
    /// or retired).
    var opportunity = Money.zero
  }

  /// Every unit's totals: each product's from its components, each unit above from its
  /// children's (a workload belongs to one product, so counts add up), instead of summing
  /// every component again for every row that shows the unit.
  static func totals(_ facts: [ComponentFacts], by organization: Organization) -> [String: UnitTotals] {
    let byProduct = Dictionary(grouping: facts, by: { $0.workload.product })
    var result: [String: UnitTotals] = [:]
    @discardableResult
    func visit(_ unit: OrgUnit) -> UnitTotals {
      var totals = UnitTotals()
      if unit.units.isEmpty {
        let inside = byProduct[unit.id] ?? []
        totals.workloads = Set(inside.map(\.workload.slug)).count
        for fact in inside {
          switch fact.component.status {
          case .live:
            totals.live += 1
            totals.budget += fact.component.request.monthlyBudget
            totals.opportunity += fact.annualOpportunity
          case .rejected, .draft, .retired: break
          default: totals.opportunity += fact.annualOpportunity
          }
        }
      } else {
        for child in unit.units {
          let inner = visit(child)
          totals.workloads += inner.workloads
          totals.live += inner.live
          totals.budget += inner.budget
          totals.opportunity += inner.opportunity
        }
      }
      result[unit.id] = totals
      return totals
    }
    for unit in organization.units { visit(unit) }
    return result
  }

  /// The shared row of a component, for a page at the site root or one folder down.
  func sharedRow(_ fact: ComponentFacts, root: String) -> TemplateEncoded<ComponentRow> {
    root.isEmpty ? rows[fact.index].top : rows[fact.index].nested
  }

  /// One file of the site (or, for feeds, several made together) and how to make it: it writes
  /// itself to the output it is given, whole or, for the large exports, in pieces.
  enum Page: Sendable {
    /// Made by the closure.
    case made(@Sendable (_ output: any SiteOutput) throws -> Void)
    /// A workload's page, made by `writeWorkloadPage`: not a closure, as ten thousand closures
    /// each holding a copy of the builder cost more to make and let go than the pages they
    /// take from the last build.
    /// The workload at this position in `sortedDocuments`.
    case workload(Int)

    /// A page rendered from a template (or, when only the build time it shows changed, copied
    /// from the last build with the new time: `writeChromed`).
    static func template(_ path: String, _ template: String, _ builder: SiteBuilder, _ model: @escaping @Sendable () -> some ChromedPage & SendableMetatype) -> Page {
      .made { try builder.writeChromed(path, template, model(), to: $0) }
    }

    /// A file taken from the previous build when the key `key` gives is the one it was written
    /// from (`SiteOutput.reuse`), made by `make` (which writes it at `path`) otherwise.
    static func keyed(
      _ path: String, key: @escaping @Sendable () -> String?,
      _ make: @escaping @Sendable (_ output: any SiteOutput) throws -> Void
    ) -> Page {
      .made { output in try write(path, key: key(), to: output, make) }
    }

    /// `keyed`'s work: takes the file at `path` from the previous build when `key` is the one
    /// it was written from, or makes it and notes its key.
    static func write(
      _ path: String, key: String?, to output: any SiteOutput, _ make: (_ output: any SiteOutput) throws -> Void
    ) throws {
      if let key, try output.reuse(path, key: key) { return }
      try make(output)
      if let key { output.keep(path, key: key) }
    }
  }

  /// Writes a workload's page, or takes it from the previous build when its key is unchanged
  /// (with the new build time, on a page that shows it).
  /// The workload read in place (a copy of its entry is a copy of each of its strings), and
  /// copied only for a page rendered.
  func writeWorkloadPage(at index: Int, to output: any SiteOutput) throws {
    let path = Self.workloadPagePath(sortedDocuments[index].workload.slug)
    let key = workloadPageKey(at: index)
    let clocked = Self.dependsOnClock(facts[factRanges[index]])
    guard clocked, Self.timeIsPlain(buildTime) else {
      // A time that escaping would change cannot be written into a copy: such a page is
      // keyed by the time it shows.
      return try Page.write(path, key: clocked ? key.map { $0 + " " + buildTime } : key, to: output) { output in
        try output.write(path, try render("workload", try workloadPage(sortedDocuments[index])))
      }
    }
    try writeClocked(path, key: key, to: output) { _ in
      var page = try workloadPage(sortedDocuments[index])
      page.page.generatedAt = timeMarker
      return (try render("workload", page), [])
    }
  }

  /// The workload whose slug is `slug`.
  func document(_ slug: String) -> SiteWorkload? { documentIndex[slug].map { sortedDocuments[$0] } }

  /// The facts of the components of the workload whose slug is `slug`, in file order.
  func facts(ofSlug slug: String) -> ArraySlice<ComponentFacts> {
    documentIndex[slug].map { facts[factRanges[$0]] } ?? []
  }

  /// The key of a file made from nothing but what `keyBase` covers (the executable, the
  /// templates and assets) and, with `spend`, the spend report: its path on top of the base.
  func baseKey(_ path: String, spend: Bool = false) -> String? {
    guard var key = keyBase else { return nil }
    key.update(path)
    if spend {
      guard let report = input.spend, let spendKey = input.spendKey else { return nil }
      key.update(spendKey)
      key.update(report.through.ordinal)
    }
    return key.hex
  }

  /// The key of `api/spend.json`: the report's (`baseKey` with the spend) and every workload's
  /// title, which its cards show (a report kept in the build cache is keyed without them).
  func spendExportKey() -> String? {
    guard let base = baseKey("api/spend.json", spend: true) else { return nil }
    var key = ContentHash(base)
    for item in sortedDocuments {
      key.update(item.workload.slug)
      key.update(item.workload.title)
    }
    return key.hex
  }

  /// `api/spend.json`, handed to `sink` in pieces, each component's cards and the rest after
  /// them copied from `previous` (through `copy`) when it has them under the same key: the
  /// report's (`baseKey` with the spend) and, for cards, the component and its workload's title.
  /// Each part's key and place are handed to `noting`.
  func spendExport(
    _ sink: (inout [UInt8]) throws -> Void, previous: PreviousFile? = nil,
    copy: ((Range<Int>) throws -> Void)? = nil, noting: ((FilePart) -> Void)? = nil
  ) throws {
    guard let report = input.spend else { return }
    let path = "api/spend.json"
    let base = baseKey(path, spend: true)
    func key(_ parts: String...) -> String? {
      base.map { base in
        var key = ContentHash(base)
        for part in parts { key.update(part) }
        return key.hex
      }
    }
    var writer = PrettyJSONWriter(capacity: 1 << 20)
    var spliced = SplicedElements(path: path, previous: previous, copy: copy, noting: noting)
    report.jsonOpening(&writer)
    for (index, reference) in report.cardComponents.enumerated() {
      let title = document(reference.workload)?.workload.title ?? ""
      try spliced.element(key: key("cards", reference.workload, reference.component, title), &writer, sink) {
        report.jsonCards(of: reference, &$0)
      }
      if index % 64 == 63 { try spliced.drain(&writer, sink) }
    }
    try spliced.rest(key: key("the rest"), &writer, sink) { writer, sink in try report.jsonRest(&writer, sink) }
    var newline: [UInt8] = [UInt8(ascii: "\n")]
    try sink(&newline)
  }

  /// The Atom feeds, taken from the last build when what they are made from is unchanged: the
  /// executable, the configuration and the templates (`keyBase`), and every workload's path
  /// and record (an edit of a description alone leaves them as they were). A feed with no
  /// entries is as new as the repository's newest entry; in a repository without one it shows
  /// the build time as its update, so its key has the time too. Made again, all of them at
  /// once, when any one cannot be taken.
  func writeFeeds(to output: any SiteOutput) throws {
    let feeds = Feeds(builder: self)
    let recordsKey = feedsKey()
    let paths = feeds.specs.map(\.path)
    // The key of a feed that shows the build time: the records' and the time.
    let emptyKey: ContentHash? = recordsKey.map { key in
      var key = key
      key.update("at")
      key.update(input.now.description)
      return key
    }
    var kept: Set<String> = []
    if let recordsKey, let emptyKey {
      for path in paths
      where try output.reuse(path, key: recordsKey.hex) || output.reuse(path, key: emptyKey.hex) {
        kept.insert(path)
      }
    }
    guard kept.count < paths.count else { return }
    for (path, bytes, showsTime) in feeds.files() where !kept.contains(path) {
      try output.write(path, bytes)
      if let key = showsTime ? emptyKey : recordsKey { output.keep(path, key: key.hex) }
    }
  }

  /// The key the feeds are kept under when each has entries: `keyBase`, and every workload's
  /// path and record; nil without them.
  func feedsKey() -> ContentHash? {
    keyBase.flatMap { base in
      var key = base
      key.update("feeds of these records")
      // Each workload read in place (a copy of its entry is a copy of each of its strings).
      for index in sortedDocuments.indices {
        guard let digest = sortedDocuments[index].recordDigest else { return nil }
        key.update(sortedDocuments[index].path)
        key.update(digest)
      }
      return key
    }
  }

  /// Every file of the site, the large shared pages first so that both cores stay busy to the
  /// end.
  func pages() -> [Page] {
    var pages: [Page] = [
      // Record by record: a workload whose record's key is unchanged is copied from the last
      // export, the others are written again.
      .made { [self] output in
        let path = "api/workloads.json"
        // Every record's key the last build's: the file is the last one with the new time.
        let key = exportKey()
        let time = input.now.description
        if let key, try output.reuse(path, key: key + " " + time) { return }
        if let key, try output.redate(path, key: key, time: time) {
          output.redated(path)
          return
        }
        var parts: [FilePart] = []
        let noting: ((FilePart) -> Void)? = keyBase == nil ? nil : { parts.append($0) }
        if keyBase != nil, let previous = output.previousUnread(path) {
          try output.write(path, splicing: previous) { sink, copy in
            try withoutActuallyEscaping(copy) { copy in
              try JSONExport(builder: self).workloads(sink, previous: previous, copy: copy, noting: noting)
            }
          }
        } else {
          try output.write(path) { sink in try JSONExport(builder: self).workloads(sink, noting: noting) }
        }
        if keyBase != nil { output.keep(path, key: key.map { $0 + " " + time } ?? "", parts: parts) }
      },
      .template("engineering.html", "engineering", self) { engineering() },
      .made { [self] output in try writeReview(to: output) },
      .template("index.html", "dashboard", self) { dashboard() },
      .made { output in try writeFeeds(to: output) },
    ]
    for unit in allUnits() {
      pages.append(.template("org/\(unit.unit.id).html", "org", self) { orgPage(unit) })
    }
    pages.append(.template("org/index.html", "org-index", self) { orgIndex() })
    pages.append(.template("spaces/index.html", "spaces", self) { spacesIndex() })
    for person in input.configuration.roster.people {
      pages.append(.template("spaces/\(Format.personSlug(person.email)).html", "space", self) { space(person) })
    }
    pages.append(.template("spend.html", "spend", self) { spendPage() })
    pages.append(.template("submit.html", "submit", self) { submitPage() })
    if input.spend != nil {
      // The same report (its key and day) and titles write the same file; when only titles
      // changed, each component's cards not renamed and the rest are copied from the last one.
      pages.append(.made { [self] output in
        let path = "api/spend.json"
        let key = spendExportKey()
        if let key, try output.reuse(path, key: key) { return }
        var parts: [FilePart] = []
        let noting: ((FilePart) -> Void)? = key == nil ? nil : { parts.append($0) }
        if key != nil, let previous = output.previousUnread(path) {
          try output.write(path, splicing: previous) { sink, copy in
            try withoutActuallyEscaping(copy) { copy in
              try spendExport(sink, previous: previous, copy: copy, noting: noting)
            }
          }
        } else {
          try output.write(path) { sink in try spendExport(sink, noting: noting) }
        }
        if let key { output.keep(path, key: key, parts: parts) }
      })
    }
    // A web host serves 404.html at any depth: with a base URL its links are absolute.
    var notFound = chrome("Page not found", section: "", depth: 0)
    notFound.root = input.configuration.site.baseURL ?? ""
    pages.append(.template("404.html", "not-found", self) { [notFound] in NotFoundPage(page: notFound) })
    for (name, text) in input.templates.assets {
      pages.append(.keyed("assets/\(name)", key: { baseKey("assets/\(name)") }) { output in
        try output.write("assets/\(name)", Array(text.utf8))
      })
    }
    for index in sortedDocuments.indices { pages.append(.workload(index)) }
    return pages
  }

  /// Writes the review queue. A description the queue could not read fails the build once the
  /// page is rendered (its requests are made, and their descriptions read, only when the page
  /// is).
  func writeReview(to output: any SiteOutput) throws {
    let reads = DescriptionReads()
    try writeChromed("review.html", "review", review(reads), to: output)
    try reads.check()
  }

  /// Renders every page on all cores into `output`, each as soon as it is made; returns how
  /// many files were written.
  @discardableResult
  public func build(into output: some SiteOutput) throws -> Int {
    let pages = pages()
    let claimed = ClaimedOutput(output: output)
    try parallelEach(pages.count) { index in
      switch pages[index] {
      case .made(let make): try make(claimed)
      case .workload(let index): try writeWorkloadPage(at: index, to: claimed)
      }
    }
    return claimed.written.count
  }

  /// Every file of the site, in memory: relative path → content.
  public func build() throws -> [String: String] {
    let files = SiteFiles()
    try build(into: files)
    return files.files
  }

  /// The key of a workload's page: a fingerprint of everything `workloadPage` reads. The
  /// workload's file (its text: every field, the body, the history), the configuration, the
  /// templates and the executable come in through `keyBase` and the file's digest; what the
  /// page works out from the clock (each component's SLA state and due day, and the build time
  /// when the page shows it) and the review count of the navigation are added as shown; a page
  /// that shows spend (`showsSpend`) adds the spend report's key and day. Nil when the page is
  /// to be made again whatever the previous build wrote.
  func workloadPageKey(at index: Int) -> String? {
    guard var key = workloadKey(at: index, for: "workload page", digest: sortedDocuments[index].digest) else { return nil }
    key.update(reviewCount)
    let mine = facts[factRanges[index]]
    // Whether the page shows the build time (the time itself is written in afresh).
    key.update(Self.dependsOnClock(mine) ? 1 : 0)
    if let report = input.spend, showsSpend(mine) {
      guard let spendKey = input.spendKey else { return nil }
      key.update(spendKey)
      key.update(report.through.ordinal)
    }
    return key.hex
  }

  /// Whether a workload page with these components shows spend: cards, or spend before them.
  func showsSpend(_ facts: ArraySlice<ComponentFacts>) -> Bool {
    guard let report = input.spend else { return false }
    return facts.contains {
      let reference = ComponentReference(workload: $0.workload.slug, component: $0.component.id)
      return report.hasCards(of: reference) || report.leadIn(of: reference) != nil
    }
  }

  /// The key of a workload's record in `api/workloads.json`: everything `JSONExport.record`
  /// reads, the workload's record (the fingerprint of its front matter: the export shows no
  /// description) and the configuration (through `keyBase`), each component's SLA state and due
  /// day (worked out from the clock). Nil when records are not to be reused.
  func recordKey(at index: Int) -> String? {
    workloadKey(at: index, for: "api/workloads.json record", digest: sortedDocuments[index].recordDigest)?.hex
  }

  /// The key of `api/workloads.json` but for its time: every record's key (`recordKey`), in
  /// order; nil when a record has none.
  func exportKey() -> String? {
    guard var key = keyBase else { return nil }
    key.update("api/workloads.json")
    for index in sortedDocuments.indices {
      guard let record = recordKey(at: index) else { return nil }
      key.update(record)
    }
    return key.hex
  }

  /// What the keys of a workload's page and record start from: `keyBase`, what the key is for,
  /// the workload's path and `digest` (of its file's text for the page, of its front matter for
  /// the record), and each component's SLA state and due day; nil without `digest`.
  private func workloadKey(at index: Int, for use: String, digest: ContentHash?) -> ContentHash? {
    guard var key = keyBase, let digest else { return nil }
    key.update(use)
    key.update(sortedDocuments[index].path)
    key.update(digest)
    for fact in facts[factRanges[index]] {
      key.update(fact.sla?.rawValue ?? "")
      key.update(fact.dueDate?.description ?? "")
    }
    return key
  }

  func render(_ template: String, _ model: some Encodable) throws -> [UInt8] {
    let value: TemplateValue
    do {
      value = try library.value(of: model)
    } catch {
      throw TemplateError(description: "templates/\(template).mustache: \(error)")
    }
    return try render(template, value)
  }

  /// Renders `template` with a model's template value (copying and noting the rows of its
  /// lists in `fragments`, if given).
  func render(_ template: String, _ value: TemplateValue, fragments: TemplateFragments? = nil) throws -> [UInt8] {
    var html: [UInt8] = []
    let found: Bool
    do {
      found = try library.render(template, value, into: &html, fragments: fragments)
    } catch {
      throw TemplateError(description: "templates/\(template).mustache: \(error)")
    }
    guard found else { throw TemplateError(description: "templates/\(template).mustache could not be rendered") }
    return html
  }


  // MARK: Shared pieces

  var currency: String { input.configuration.currency }

  func money(_ amount: Money) -> String { amount.display(currency) }

  /// The layout's part of a page; `clock`: whether the page shows the build time (see
  /// `PageChrome.generatedAt`).
  func chrome(_ title: String, section: String, depth: Int, clock: Bool = true) -> PageChrome {
    PageChrome(
      title: title, siteTitle: input.configuration.site.title,
      root: String(repeating: "../", count: depth), section: section,
      generatedAt: clock ? Format.time(input.now) : nil,
      reviewCount: reviewCount)
  }

  func personName(_ email: String) -> String {
    input.configuration.roster.name(of: email) ?? email
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
      input.configuration.standards.account(id.account).map {
        String(spliced: "\($0.name) (\($0.id))")
      } ?? id.account
    }
    return ComponentRow(
      reference: fact.reference, workloadTitle: fact.workload.title,
      href: rowHref(fact, root: root),
      badge: Format.badge(component.status),
      useCase: component.request.useCase.title + (component.request.purpose.map { " · " + $0.rawValue.replacing(ascii: "-", with: " ") } ?? ""),
      owner: personName(fact.workload.owner), product: productName(fact.workload.product),
      budget: money(component.request.monthlyBudget),
      estimate: approval.map { money($0.estimate.monthly) } ?? "",
      platform: approval?.platform.title ?? "", model: approval?.model,
      account: account ?? "", region: approval?.region ?? "",
      steps: approval == nil ? "" : String(spliced: "\(stepsDone) of 4"), stepsDone: stepsDone,
      due: fact.dueDate?.description ?? "", sla: fact.sla?.rawValue,
      slaTone: slaTone(fact.sla), overdue: fact.sla == .overdue || fact.sla == .missed,
      age: rowAge(fact),
      since: last.map { Format.time($0.at) } ?? "", note: last?.reason ?? "",
      command: nextCommand(fact),
      search: [fact.reference, fact.workload.title, component.status.rawValue, personName(fact.workload.owner), productName(fact.workload.product), approval?.model ?? "", approval?.region ?? ""].joined(separator: " ").lowercased())
  }

  /// The link of a component's row, for a page `root` below the site root.
  func rowHref(_ fact: ComponentFacts, root: String) -> String {
    String(spliced: "\(root)workloads/\(fact.workload.slug).html#\(fact.component.id)")
  }

  /// Business days since a component's last transition, as its row shows them.
  func rowAge(_ fact: ComponentFacts) -> String {
    fact.lastChange.map { Format.days(calendar.businessDays(from: $0, to: input.now)) } ?? ""
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
    case .draft: return String(spliced: "finops submit \(reference)")
    case .submitted: return approveCommand(fact)
    case .changesRequested: return String(spliced: "finops resubmit \(reference)")
    case .approved:
      let open = ImplementationStep.allCases.filter {
        fact.component.implementation?.steps[$0] == nil
      }
      return open.first.map { String(spliced: "finops task done \(reference) \($0.rawValue)") }
        ?? String(spliced: "finops implement \(reference)")
    case .readyToClaim: return String(spliced: "finops claim \(reference)")
    case .live, .rejected, .retired: return ""
    }
  }

  func approveCommand(_ fact: ComponentFacts) -> String {
    let standards = input.configuration.standards
    // The preferred platform for the request's kind of workload (finops.yml).
    let platform = standards.platforms(for: fact.component.request.useCase).first ?? .bedrock
    let account = standards.accounts.first?.name ?? "ACCOUNT"
    let region = standards.regions.first ?? "REGION"
    // Claude Platform on AWS assigns a workspace, which the command cannot do without.
    let workspace = platform == .claudePlatform ? " --workspace WORKSPACE_ID" : ""
    return String(
      spliced: """
        finops approve \(fact.reference) --platform \(platform.rawValue) --model MODEL_ID \\
          --account \(account) --region \(region)\(workspace) \\
          --input-tokens MONTHLY_INPUT --output-tokens MONTHLY_OUTPUT --priority normal \\
          --rationale 'WHY THIS PLATFORM AND MODEL' --acknowledge-business-case
        """)
  }

  func activity(_ entry: HistoryEntry, fact: ComponentFacts, root: String) -> ActivityRow {
    let step = entry.step.map { String(spliced: ": \($0.rawValue)") } ?? ""
    let text = String(
      spliced: """
        \(personName(entry.by)) \(entry.transition.pastTense) \(fact.workload.title) \
        (\(fact.reference))\(step)
        """)
    return ActivityRow(
      at: Format.time(entry.at), day: entry.at.day.description, text: text,
      href: String(spliced: "\(root)workloads/\(fact.workload.slug).html#\(fact.component.id)"),
      persona: entry.persona.title, reason: entry.reason)
  }
}
