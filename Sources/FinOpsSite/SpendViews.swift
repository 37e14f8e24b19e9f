import FinOpsCore
import FinOpsSpend
import Foundation

/// One weekly Cloud Spend Card as a table row.
struct CardRow: Sendable, Encodable {
  var week: String
  var partial: Bool
  var spend: String
  var budget: String
  var estimate: String
  var variance: String
  var percent: String
  var state: Badge
  var models: String
  var opportunity: String
}

/// The spend of one component on its workload page.
struct ComponentSpendView: Sendable, Encodable {
  /// Whether there are cards or spend before them.
  var hasSpend: Bool
  var hasCards: Bool
  var cards: [CardRow]
  var chartHtml: String
  var total: String
  var weeks: Int
  /// Spend from the claim to the Sunday before the first card week, which no card shows.
  var hasLeadIn: Bool
  var leadIn: String
  /// That Sunday.
  var leadInEnd: String
}

/// One unit's latest week in a roll-up table.
struct RollUpRow: Sendable, Encodable {
  var name: String
  var href: String
  var level: String
  var week: String
  var spend: String
  var budget: String
  var variance: String
  var state: Badge
  var live: Int
  var opportunity: String
  var depth: Int
}

/// A reconciliation line per currency.
struct ReconciliationRow: Sendable, Encodable {
  var currency: String
  var input: String
  var attributed: String
  var unattributed: String
  var rows: Int
  var balances: Bool
}

/// An allocation gap.
struct FindingRow: Sendable, Encodable {
  var title: String
  var message: String
  var action: String
  var components: [Link]
  var evidence: String
}

/// Spend no live component owns.
struct UnattributedRow: Sendable, Encodable {
  var reason: String
  var principal: String
  var account: String
  var amount: String
  var period: String
}

/// The spend page.
struct SpendPage: Sendable, Encodable {
  var page: PageChrome
  var hasSpend: Bool
  var through: String
  var reconciliation: [ReconciliationRow]
  var rollUps: [RollUpRow]
  var findings: [FindingRow]
  var hasFindings: Bool
  var unattributed: [UnattributedRow]
  var hasUnattributed: Bool
}

extension SiteBuilder {
  static func stateBadge(_ state: SpendState) -> Badge {
    switch state {
    case .onPlan: Badge(label: state.title, tone: "good")
    case .watch: Badge(label: state.title, tone: "warn")
    case .over: Badge(label: state.title, tone: "bad")
    }
  }

  /// The latest cards of a component, newest first, with a chart of up to 16 weeks.
  func componentSpend(_ fact: ComponentFacts) -> ComponentSpendView {
    let reference = ComponentReference(workload: fact.workload.slug, component: fact.component.id)
    let cards = input.spend?.cardSlice(of: reference) ?? []
    let leadIn = input.spend?.leadIn(of: reference)
    // The report's cards, not a copy of them. (Each use of a card read through a pointer or a
    // subscript copies it, taking and dropping five reference counts: a card used more than
    // once is taken once.)
    return cards.withUnsafeBufferPointer { cards in
      let rows = cards.indices.reversed().prefix(12).map { index in
        let card = cards[index]
        return CardRow(
          week: String(spliced: "\(card.week) – \(card.weekEnd)"), partial: !card.complete,
          spend: money(card.spend), budget: money(card.budget), estimate: money(card.estimate),
          variance: (card.isOverBudget ? "+" : "") + money(card.variance),
          percent: card.percentOfBudget.map { ExactDecimal.formatWhole($0) + "%" } ?? "–",
          state: Self.stateBadge(card.state),
          models: card.topModels.map {
            String(spliced: "\(ModelMatcher.displayName($0.name)) \(money($0.amount))")
          }
          .joined(separator: ", "),
          opportunity: money(card.weeklyOpportunity))
      }
      return ComponentSpendView(
        hasSpend: !cards.isEmpty || leadIn != nil, hasCards: !cards.isEmpty, cards: rows,
        chartHtml: Self.chart(UnsafeBufferPointer(rebasing: cards[max(0, cards.count - 16)...])),
        total: money(SpendCard.totalSpend(cards)), weeks: cards.count, hasLeadIn: leadIn != nil,
        leadIn: leadIn.map { money($0.spend) } ?? "",
        leadInEnd: leadIn.map { leadIn in
          // The Sunday before the first card, or the report's last day when that is earlier.
          min(leadIn.firstCardWeek.adding(days: -1), input.spend?.through ?? leadIn.firstCardWeek)
            .description
        } ?? "")
    }
  }

  /// An SVG bar chart of weekly spend with the weekly budget as a line; numbers only. Written
  /// as bytes (ten thousand pages have one, and joining strings piece by piece cost twice what
  /// working out the numbers did).
  static func chart(_ cards: UnsafeBufferPointer<SpendCard>) -> String {
    guard !cards.isEmpty else { return "" }
    let width = 640.0, height = 150.0, top = 10.0, bottom = 24.0, left = 4.0
    let values = cards.map { NSDecimalNumber(decimal: $0.spend.value).doubleValue }
    let budgets = cards.map { NSDecimalNumber(decimal: $0.budget.value).doubleValue }
    let peak = max(values.max() ?? 0, budgets.max() ?? 0, 1)
    let slot = (width - left) / Double(cards.count)
    let scale = (height - top - bottom) / peak
    func y(_ value: Double) -> Double { height - bottom - value * scale }
    let svg = ByteBuffer(capacity: 160 + 190 * cards.count)
    func put(_ text: StaticString) { svg.append(text) }
    func put(_ value: Double) { Format.appendDays(value, to: svg) }
    put("<svg class=\"chart\" viewBox=\"0 0 ")
    svg.append(decimal: Int(width))
    put(" ")
    svg.append(decimal: Int(height))
    put("\" role=\"img\" aria-label=\"Weekly spend against the weekly budget\">")
    for index in cards.indices {
      let card = cards[index]
      let x = left + Double(index) * slot + slot * 0.15
      let barHeight = max(values[index] * scale, 0)
      put("<rect class=\"bar-")
      put(card.state == .over ? "over" : card.state == .watch ? "watch" : "plan")
      put("\" x=\"")
      put(x)
      put("\" y=\"")
      put(y(values[index]))
      put("\" width=\"")
      put(slot * 0.7)
      put("\" height=\"")
      put(barHeight)
      put("\"><title>")
      card.week.append(to: svg)
      put(": ")
      svg.append(utf8: card.spend.display(card.currency))
      put("</title></rect>")
      if index % max(1, cards.count / 6) == 0 {
        put("<text x=\"")
        put(x)
        put("\" y=\"")
        put(height - 6)
        put("\">")
        // The week without its year: MM-DD.
        var day: [UInt8] = []
        card.week.append(to: &day)
        day.dropFirst(5).withUnsafeBufferPointer { svg.append($0) }
        put("</text>")
      }
    }
    put("<polyline class=\"budget\" points=\"")
    for (index, budget) in budgets.enumerated() {
      if index > 0 { put(" ") }
      put(left + (Double(index) + 0.5) * slot)
      put(",")
      put(y(budget))
    }
    put("\"/></svg>")
    return svg.text
  }

  /// The evidence of a finding in one line.
  static func evidence(_ evidence: GapEvidence) -> String {
    var parts = evidence.amounts.map { $0.amount.display($0.currency) }
    parts.append("\(evidence.rows) rows")
    if let first = evidence.firstDay, let last = evidence.lastDay { parts.append("\(first) – \(last)") }
    if let principal = evidence.principal { parts.append("caller \(principal)") }
    if let observed = evidence.observed {
      parts.append("seen \(observed)" + (evidence.expected.map { ", approved \($0)" } ?? ""))
    }
    if let sample = evidence.sample { parts.append("first row \(sample)") }
    return parts.joined(separator: " · ")
  }

  func spendPage() -> SpendPage {
    let chrome = chrome("Spend", section: "spend", depth: 0)
    guard let report = input.spend else {
      return SpendPage(
        page: chrome, hasSpend: false, through: "", reconciliation: [], rollUps: [], findings: [],
        hasFindings: false, unattributed: [], hasUnattributed: false)
    }
    let ledger = report.ledger
    let reconciliation = ledger.reconciliation.map { line in
      ReconciliationRow(
        currency: line.currency, input: line.input.effective.display(line.currency),
        attributed: line.attributed.effective.display(line.currency),
        unattributed: line.unattributed.effective.display(line.currency), rows: line.input.rows,
        balances: line.balances)
    }
    let rollUps = report.rollUps.compactMap { rollUp -> RollUpRow? in
      // The latest complete week: the current one is still filling up.
      guard let week = rollUp.weeks.last(where: { $0.week == lastWeek }) ?? rollUp.weeks.last
      else { return nil }
      return RollUpRow(
        name: rollUp.name, href: "org/\(rollUp.unit).html", level: "E\(rollUp.level) · \(rollUp.levelName)",
        week: week.week.description, spend: money(week.spend), budget: money(week.budget),
        variance: (week.variance > .zero ? "+" : "") + money(week.variance),
        state: Self.stateBadge(week.state), live: week.liveWorkloads,
        opportunity: money(week.annualOpportunity), depth: rollUp.level - 1)
    }
    let findings = ledger.findings.map { gap in
      FindingRow(
        title: gap.kind.title, message: gap.message, action: gap.action,
        components: gap.components.map { Link(title: $0.description, href: "workloads/\($0.workload).html#\($0.component)") },
        evidence: Self.evidence(gap.evidence))
    }
    let unattributed = ledger.unattributed.map { item in
      UnattributedRow(
        reason: item.reason.title, principal: item.principal ?? "(no caller)",
        account: item.account ?? "", amount: item.amounts.effective.display(item.currency),
        period: "\(item.firstDay) – \(item.lastDay)")
    }
    return SpendPage(
      page: chrome, hasSpend: true, through: report.through.description,
      reconciliation: reconciliation, rollUps: rollUps, findings: findings,
      hasFindings: !findings.isEmpty, unattributed: unattributed,
      hasUnattributed: !unattributed.isEmpty)
  }
}
