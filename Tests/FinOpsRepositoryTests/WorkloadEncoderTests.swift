import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing
import Yams

@testable import FinOpsRepository

@Suite("Writing front matter canonically")
struct WorkloadEncoderTests {
  /// A workload that uses every field of the format, including multi-line and hostile text.
  static var everything: Workload {
    func time(_ text: String) -> Timestamp { Timestamp(parsing: text)! }
    let owner = "priya.shah@example.com"
    let lead = "dana.whitfield@example.com"
    let engineer = "sam.okafor@example.com"
    let request = Request(
      useCase: .operationsAI, purpose: .customerSupport, runtime: .eksPodIdentity, teamSize: 12,
      utilization: "Peak: 40k turns/day # during enrollment; 1,200 in / 300 out",
      monthlyBudget: Money(parsing: "2500.5")!,
      businessCase: BusinessCase(
        valueType: .revenueDriving, annualBaseline: Money(parsing: "1250000.00")!,
        targetPercent: Decimal(string: "12.5")!))
    let approval = Approval(
      platform: .claudePlatform, model: "claude-sonnet-4-5", account: "052891734610",
      region: "us-east-1", roleName: "finops-everything-custom",
      workspace: "wrkspc_01JQ8ZK3", estimate: Estimate(
        monthly: Money(parsing: "2412.75")!, inputTokens: 300_000_000, outputTokens: 100_850_000),
      businessCaseAcknowledged: true, priority: .priority,
      rationale: "Workspace isolation for PII.\nSecond line: with a colon.\n\n- a list item")
    let history = [
      HistoryEntry(at: time("2026-09-01T09:00:00Z"), transition: .draft, from: nil, to: .draft, by: owner, persona: .productOwner),
      HistoryEntry(at: time("2026-09-02T09:00:00Z"), transition: .submit, from: .draft, to: .submitted, by: owner, persona: .productOwner),
      HistoryEntry(at: time("2026-09-03T09:00:00Z"), transition: .requestChanges, from: .submitted, to: .changesRequested, by: lead, persona: .finopsLead, reason: "yes"),
      HistoryEntry(at: time("2026-09-04T09:00:00Z"), transition: .resubmit, from: .changesRequested, to: .submitted, by: owner, persona: .productOwner),
      HistoryEntry(at: time("2026-09-07T09:00:00Z"), transition: .approve, from: .submitted, to: .approved, by: lead, persona: .finopsLead),
      HistoryEntry(at: time("2026-09-07T10:00:00Z"), transition: .completeStep, from: .approved, to: .approved, by: engineer, persona: .cloudEngineer, step: .modelAccess),
      HistoryEntry(at: time("2026-09-07T10:10:00Z"), transition: .completeStep, from: .approved, to: .approved, by: engineer, persona: .cloudEngineer, step: .iamRole),
      HistoryEntry(at: time("2026-09-07T10:20:00Z"), transition: .completeStep, from: .approved, to: .approved, by: engineer, persona: .cloudEngineer, step: .permissionPolicy),
      HistoryEntry(at: time("2026-09-07T10:30:00Z"), transition: .implement, from: .approved, to: .readyToClaim, by: engineer, persona: .cloudEngineer),
      HistoryEntry(at: time("2026-09-08T09:00:00Z"), transition: .claim, from: .readyToClaim, to: .live, by: owner, persona: .productOwner),
      HistoryEntry(at: time("2026-11-02T09:00:00Z"), transition: .retire, from: .live, to: .retired, by: owner, persona: .productOwner, reason: "Replaced by \"v2\" — see #42"),
    ]
    let steps: [ImplementationStep: Signature] = [
      .modelAccess: Signature(by: engineer, at: time("2026-09-07T10:00:00Z")),
      .iamRole: Signature(by: engineer, at: time("2026-09-07T10:10:00Z")),
      .permissionPolicy: Signature(by: engineer, at: time("2026-09-07T10:20:00Z")),
    ]
    return Workload(
      slug: "everything", title: "Say \"hi\" <script>alert('x')</script> — ünïcode: yes",
      owner: owner, product: "claims-intake",
      components: [
        Component(
          id: "k7q2", status: .retired, request: request, approval: approval,
          implementation: Implementation(steps: steps),
          claim: Signature(by: owner, at: time("2026-09-08T09:00:00Z")), history: history),
        Component(
          id: "m3x9", status: .submitted,
          request: Request(
            useCase: .infrastructure, purpose: nil, runtime: .ec2, teamSize: 1, utilization: "yes",
            monthlyBudget: Money(0), businessCase: BusinessCase(
              valueType: .costSaving, annualBaseline: Money(50_000), targetPercent: 5)),
          history: [history[1]].map { entry in
            var entry = entry
            entry.from = nil
            return entry
          }),
      ])
  }

  static let body = "# Everything\n\n<script>alert(1)</script> stays in the body untouched.\n"

  @Test("the everything workload is written as its recorded golden file")
  func everythingGolden() {
    assertGolden(WorkloadEncoder.file(Self.everything, keeping: nil) + Self.body, named: "everything.md")
  }

  @Test("the everything golden file decodes to the same record and writes back byte for byte")
  func everythingRoundTrip() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/everything.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    let outcome = WorkloadDecoder.decode(path: "workloads/everything.md", text: text)
    let document = try #require(outcome.document, "\(outcome.diagnostics)")
    #expect(document.workload == Self.everything)
    #expect(document.frontMatter?.body == Self.body)
    #expect(WorkloadEncoder.file(document.workload, keeping: document.frontMatter) == text)
  }

  static let awkwardStrings = [
    "plain", "yes", "No", "null", "~", "true", "123", "1.5", "0x1F", "-", "- item", "#hash",
    "a # b", "a: b", "key:", ":", "[x]", "{x}", "'single'", "\"double\"", "@at", "`tick`",
    "%percent", "!bang", "&anchor", "*alias", "|pipe", ">fold", " leading", "trailing ",
    "tab\there", "line\nbreak", "ends with newline\n", "\nstarts with newline", "a\n  indented",
    "\n  indented first", "crlf\r\nline", "bell\u{7}", "nel\u{85}x", "bom\u{FEFF}x",
    "ls\u{2028}x", "emoji 🎉", "ünïcode", "2026-10-02", "12:30", "1_000", ".inf", "-.NaN",
    "<script>alert(1)</script>", "back\\slash", "", "a  b", "?question", ",comma", "=",
    "x\n\ny", "trailing space \nline",
  ]

  @Test("every string is written so YAML reads back the same string", arguments: awkwardStrings)
  func scalarRoundTrip(text: String) throws {
    let yaml = "key: " + YAMLScalar.string(text, indent: 0) + "\n"
    let node = try Yams.compose(yaml: yaml)
    #expect(node?["key"]?.scalar?.string == text, "\(yaml)")
  }
}
