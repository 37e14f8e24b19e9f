import FinOpsCLI
import FinOpsCore
import FinOpsRepository
import FinOpsTestSupport
import Foundation
import Testing

@Suite("finops audit catches each kind of tampering")
struct AuditTests {
  /// A repository with one workload taken to `approved` through finops.
  func approvedSession() throws -> (Session, String) {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    return (session, ref)
  }

  func commitByHand(_ session: Session, as email: String, message: String, edit: (String) -> String) throws {
    let path = "workloads/claims-assistant.md"
    try session.repository.directory.write(path, edit(try session.file("claims-assistant")))
    try session.repository.git(["add", path], as: email)
    try session.repository.git(["commit", "--quiet", "-m", message], as: email, now: "2026-10-06T10:00:00Z")
  }

  func audit(_ session: Session) -> Run { session.run("maintainer@example.com", ["audit"]) }

  @Test("a clean history passes")
  func clean() throws {
    let (session, _) = try approvedSession()
    let run = audit(session)
    #expect(run.code == 0, "\(run.output)")
    #expect(run.errors.contains("audited 2 commits (2 transitions): 0 errors"))
  }

  @Test("a hand edit of a state field")
  func handEdit() throws {
    let (session, _) = try approvedSession()
    try commitByHand(session, as: "priya@example.com", message: "Mark it live") {
      $0.replacingOccurrences(of: "status: approved", with: "status: live")
    }
    let run = audit(session)
    #expect(run.code == 1)
    #expect(run.output.contains("[audit.hand-edit]"))
    #expect(run.output.contains("status"))
  }

  @Test("a transition commit by someone without the persona")
  func wrongPersona() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    // Dana approves through finops, then the commit is rewritten as if Priya had made it.
    session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    try session.repository.git(
      ["commit", "--amend", "--quiet", "--no-edit", "--author", "Priya Shah <priya@example.com>"],
      as: "priya@example.com", now: "2026-10-05T09:02:00Z")
    let run = audit(session)
    #expect(run.code == 1)
    #expect(run.output.contains("[audit.persona]"))
  }

  @Test("self-approval hidden by rewriting the approver")
  func selfApproval() throws {
    let session = try Session()
    session.run("lee@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    let path = "workloads/claims-assistant.md"
    try session.repository.directory.write(
      path, try session.file("claims-assistant").replacingOccurrences(of: "by: dana@example.com", with: "by: lee@example.com"))
    try session.repository.git(["add", path], as: "lee@example.com")
    try session.repository.git(
      ["commit", "--amend", "--quiet", "--no-edit", "--author", "Lee Park <lee@example.com>"],
      as: "lee@example.com", now: "2026-10-05T09:02:00Z")
    let run = audit(session)
    #expect(run.code == 1)
    #expect(run.output.contains("[audit.separation-of-duties]"), "\(run.output)")
  }

  @Test("forged history: an earlier entry changed inside a transition commit")
  func forgedHistory() throws {
    let (session, ref) = try approvedSession()
    session.run("sam@example.com", ["task", "done", ref, "model-access"])
    let path = "workloads/claims-assistant.md"
    try session.repository.directory.write(
      path, try session.file("claims-assistant").replacingOccurrences(of: "at: 2026-10-05T09:01:00Z", with: "at: 2026-10-01T09:01:00Z"))
    try session.repository.git(["add", path], as: "sam@example.com")
    try session.repository.git(["commit", "--amend", "--quiet", "--no-edit"], as: "sam@example.com", now: "2026-10-05T09:03:00Z")
    let run = audit(session)
    #expect(run.code == 1)
    #expect(run.output.contains("[audit.forged-history]"), "\(run.output)")
  }

  @Test("a skipped state: claimed straight from approved")
  func skippedState() throws {
    let (session, ref) = try approvedSession()
    let time = Timestamp(parsing: "2026-10-06T10:00:00Z")!
    let path = "workloads/claims-assistant.md"
    let document = try #require(WorkloadDecoder.decode(path: path, text: try session.file("claims-assistant")).document)
    var workload = document.workload
    workload.components[0].status = .live
    workload.components[0].claim = Signature(by: "priya@example.com", at: time)
    workload.components[0].history.append(
      HistoryEntry(at: time, transition: .claim, from: .approved, to: .live, by: "priya@example.com", persona: .productOwner))
    try commitByHand(
      session, as: "priya@example.com",
      message: "claim: \(ref)\n\nFinops-Transition: claim\nFinops-Component: \(ref)\nFinops-Persona: product-owner"
    ) { _ in WorkloadEncoder.file(workload, keeping: document.frontMatter) }
    let run = audit(session)
    #expect(run.code == 1)
    #expect(run.output.contains("[audit.lifecycle]"), "\(run.output)")
  }

  @Test("--since limits the audit to the commits after a revision")
  func since() throws {
    let (session, _) = try approvedSession()
    let head = try session.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    try commitByHand(session, as: "priya@example.com", message: "Mark it live") {
      $0.replacingOccurrences(of: "status: approved", with: "status: live")
    }
    let run = session.run("maintainer@example.com", ["audit", "--since", head])
    #expect(run.code == 1)
    #expect(run.errors.contains("audited 1 commit (0 transitions)"))
  }

  @Test("problems are reported oldest first, though the log is read newest first")
  func historyOrder() throws {
    let (session, _) = try approvedSession()
    let edits = [("Mark it live", "status: approved", "status: live"), ("Retire it", "status: live", "status: retired"),
                 ("Back to approved", "status: retired", "status: approved")]
    for (message, old, new) in edits {
      try commitByHand(session, as: "priya@example.com", message: message) {
        $0.replacingOccurrences(of: old, with: new)
      }
    }
    let run = audit(session)
    #expect(run.code == 1)
    let subjects = try session.git(["log", "--reverse", "--format=%h", "-3"])
      .split(separator: "\n").map(String.init)
    let reported = run.output.split(separator: "\n").compactMap { line in
      subjects.first { line.contains("commit \($0)") }
    }
    #expect(reported == subjects, "\(run.output)")
  }

  @Test("editing the body or a request still with its owner is not tampering")
  func allowedEdits() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant", "--draft"] + submitFlags)
    try commitByHand(session, as: "priya@example.com", message: "Refine the request") {
      $0.replacingOccurrences(of: "team_size: 6", with: "team_size: 8") + "\nMore detail for reviewers.\n"
    }
    let run = audit(session)
    #expect(run.code == 0, "\(run.output)")
  }
}

@Suite("audit and the browser wizard")
struct WizardAuditTests {
  static func file(owner: String, by: String) -> String {
    """
    ---
    title: "Claims Helper"
    owner: \(owner)
    product: claims-intake
    components:
      - id: w7zq
        status: submitted
        request:
          use_case: infrastructure
          runtime: ec2
          team_size: 3
          utilization: "Nightly batch"
          monthly_budget: 100.00
          business_case:
            value_type: cost-saving
            annual_baseline: 50000.00
            target_percent: 5
        history:
          - at: 2026-10-06T10:00:00Z
            transition: submit
            to: submitted
            by: \(by)
            persona: product-owner
    ---
    ## What it does

    """
  }

  @Test("a new file that is exactly its committer's submission passes; anything else is a hand edit")
  func wizardFiles() throws {
    let session = try Session()
    try session.repository.directory.write("workloads/claims-helper.md", Self.file(owner: "priya@example.com", by: "priya@example.com"))
    try session.repository.git(["add", "-A"], as: "priya@example.com")
    try session.repository.git(["commit", "--quiet", "-m", "Add Claims Helper"], as: "priya@example.com", now: "2026-10-06T10:01:00Z")
    #expect(session.run("maintainer@example.com", ["check"]).code == 0)
    #expect(session.run("maintainer@example.com", ["audit"]).code == 0)
    try session.repository.directory.write("workloads/someone-else.md", Self.file(owner: "omar@example.com", by: "omar@example.com").replacingOccurrences(of: "w7zq", with: "x8zq"))
    try session.repository.git(["add", "-A"], as: "priya@example.com")
    try session.repository.git(["commit", "--quiet", "-m", "Add for Omar"], as: "priya@example.com", now: "2026-10-06T10:02:00Z")
    let run = session.run("maintainer@example.com", ["audit"])
    #expect(run.code == 1)
    #expect(run.output.contains("someone-else.md") && run.output.contains("[audit.hand-edit]"))
  }

  /// The wizard's second path: a component's lines added before the closing `---`.
  static func adding(_ id: String, by: String, to text: String) -> String {
    let component = Self.file(owner: by, by: by).components(separatedBy: "\n")
      .drop { !$0.hasPrefix("  - id: ") }.prefix { $0 != "---" }
      .map { $0.replacingOccurrences(of: "w7zq", with: id) }
    var lines = text.components(separatedBy: "\n")
    let closing = lines.indices.dropFirst().first { lines[$0] == "---" }!
    lines.insert(contentsOf: component, at: closing)
    return lines.joined(separator: "\n")
  }

  @Test(
    "a component added to a workload exactly as its committer's submission passes; by someone else, it is a hand edit"
  )
  func addedComponent() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let path = "workloads/claims-assistant.md"
    // Commits the file as `author` with component `id` added (and `edit` applied), then audits.
    func addAndAudit(
      _ id: String, as author: String, at time: String, edit: (String) -> String = { $0 }
    ) throws -> Run {
      let text = Self.adding(id, by: "priya@example.com", to: try session.file("claims-assistant"))
      try session.repository.directory.write(path, edit(text))
      try session.repository.git(["commit", "--quiet", "-am", "Add \(id)"], as: author, now: time)
      return session.run("maintainer@example.com", ["audit"])
    }
    let clean = try addAndAudit("a2zq", as: "priya@example.com", at: "2026-10-06T10:01:00Z")
    #expect(clean.code == 0, "\(clean.output)")
    let check = session.run("maintainer@example.com", ["check"])
    #expect(check.code == 0, "\(check.output)\(check.errors)")
    // Added in a commit that also retitles the workload (which a hand edit may do): still clean.
    let still = try addAndAudit("c4zq", as: "priya@example.com", at: "2026-10-06T10:01:30Z") {
      $0.replacingOccurrences(of: "title: Claims Assistant", with: "title: Claims Assistant Two")
    }
    #expect(still.code == 0, "\(still.output)")
    #expect(try session.file("claims-assistant").contains("Claims Assistant Two"))
    let run = try addAndAudit("b3zq", as: "omar@example.com", at: "2026-10-06T10:02:00Z")
    #expect(run.code == 1)
    #expect(
      run.output.contains("component b3zq (added)") && run.output.contains("[audit.hand-edit]"),
      "\(run.output)")
  }
}
