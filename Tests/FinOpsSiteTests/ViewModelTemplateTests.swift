import Testing

@testable import FinOpsSite
@testable import FinOpsTemplates

@Suite("View models that write their own template values")
struct ViewModelTemplateTests {
  /// The fast path and the `Encodable` path give the same value for `model`.
  static func expectSame(_ model: some TemplateRepresentable, _ library: TemplateLibrary) throws {
    let encoder = TemplateEncoder(keys: library.keys)
    let fast = try encoder.encode(model)
    let codable = try encoder.encodeThroughCodable(model)
    #expect(fast == codable, "\(type(of: model))")
  }

  @Test("the review queue reads its requests' descriptions as it renders, and notes one it cannot read")
  func reviewDescriptions() throws {
    struct Gone: Error {}
    var input = SiteFixture.input
    let index = try #require(input.workloads.firstIndex { $0.workload.components.contains { $0.status == .submitted } })
    input.workloads[index].body = .unread { throw Gone() }
    let builder = try SiteBuilder(input)
    let reads = SiteBuilder.DescriptionReads()
    let page = builder.review(reads)
    try reads.check()
    _ = try builder.render("review", page)
    #expect(throws: Gone.self) { try reads.check() }
  }

  @Test("each writes exactly what its encode(to:) encodes, on every kind of page")
  func sameAsCodable() throws {
    let builder = try SiteBuilder(SiteFixture.input)
    let library = builder.library
    var sections = 0
    var steps = 0
    var cards = 0
    for item in SiteFixture.input.workloads {
      let page = try builder.workloadPage(item)
      try Self.expectSame(page, library)
      for section in page.components {
        try Self.expectSame(section, library)
        sections += 1
        steps += section.taskSteps.count
        cards += section.spend.cards.count
      }
    }
    // The fixture has a task, spend cards and a handoff, so every type is compared.
    #expect(sections > 0 && steps > 0 && cards > 0)
    #expect(builder.facts.contains { $0.handoff != nil })
    for fact in builder.facts {
      try Self.expectSame(builder.row(fact, root: "../"), library)
    }
    let person = SiteFixture.configuration.roster.people[0]
    try Self.expectSame(builder.dashboard(), library)
    try Self.expectSame(builder.review(), library)
    try Self.expectSame(builder.engineering(), library)
    try Self.expectSame(builder.spacesIndex(), library)
    try Self.expectSame(builder.space(person), library)
    try Self.expectSame(builder.orgIndex(), library)
    for unit in builder.allUnits() { try Self.expectSame(builder.orgPage(unit), library) }
    try Self.expectSame(NotFoundPage(page: builder.chrome("x", section: "", depth: 0)), library)
    try Self.expectSame(builder.submitPage(), library)
    let spend = builder.spendPage()
    try Self.expectSame(spend, library)
    #expect(!spend.rollUps.isEmpty && !spend.reconciliation.isEmpty)
    // Rows the fixture may not have.
    try Self.expectSame(
      FindingRow(
        title: "t", message: "m", action: "a", components: [Link(title: "l", href: "h")],
        evidence: "e"), library)
    try Self.expectSame(
      UnattributedRow(reason: "r", principal: "p", account: "a", amount: "1", period: "w"), library)
    // Names that no template uses are left out on both paths.
    var narrow = TemplateLibrary()
    try narrow.register("{{title}}{{#components}}{{id}}{{/components}}", named: "t")
    try Self.expectSame(builder.workloadPage(SiteFixture.input.workloads[0]), narrow)
  }
}
