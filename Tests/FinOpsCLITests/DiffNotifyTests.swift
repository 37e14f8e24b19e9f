import FinOpsCLI
import FinOpsTestSupport
import Foundation
import Testing

@Suite("finops diff and notify")
struct DiffNotifyTests {
  /// A repository where a request was submitted before `base`, then approved over budget.
  func session() throws -> (Session, String, String) {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    let base = try session.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    session.run("omar@example.com", ["submit", "--title", "Second Workload"] + submitFlags)
    return (session, base, ref)
  }

  @Test("diff summarises transitions and cost as Markdown, and fails on an approval over budget")
  func diff() throws {
    let (session, base, ref) = try session()
    let run = session.run("priya@example.com", ["diff", base])
    #expect(run.code == 0, "\(run.errors)")
    #expect(run.output.contains("2 AI components changed"))
    #expect(run.output.contains("`\(ref)` | submitted → approved | approve by Dana Whitfield | $1,247.40 | +4.0% of budget |"))
    #expect(run.output.contains("**Monthly cost change: +$1,247.40**"))  // +47.40 approved, +1,200.00 new
    assertGolden(run.output.replacingOccurrences(of: ref, with: "REF").replacingOccurrences(of: base, with: "BASE"), named: "diff.md")
    let text = session.run("priya@example.com", ["diff", base, "--format", "text"])
    #expect(text.output.contains("submitted → approved"))
    #expect(text.output.hasPrefix("2 AI components changed between \(base) and HEAD"))
    // One component is one, in either format.
    let last = try session.git(["rev-parse", "HEAD~1"]).trimmingCharacters(
      in: .whitespacesAndNewlines)
    let one = session.run("priya@example.com", ["diff", last, "--format", "text"])
    #expect(
      one.output.hasPrefix("1 AI component changed between \(last) and HEAD"), "\(one.output)")
    #expect(
      session.run("priya@example.com", ["diff", last]).output.contains("1 AI component changed"))
    let failing = session.run("priya@example.com", ["diff", base, "--fail-on", "over-budget"])
    #expect(failing.code == 1)
    #expect(failing.errors.contains("approved over the Product Owner's budget: \(ref)"))
    #expect(session.run("priya@example.com", ["diff", base, "--fail-on", "audit"]).code == 0)
  }

  @Test("notify prints one JSON line per event with the people to tell")
  func notify() throws {
    let (session, base, ref) = try session()
    let run = session.run("priya@example.com", ["notify", base])
    #expect(run.code == 0, "\(run.errors)")
    let lines = run.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(first["kind"] as? String == "task-ready")
    #expect(first["component"] as? String == ref)
    #expect((first["people"] as? [String])?.contains("sam@example.com") == true)
    #expect((first["people"] as? [String])?.contains("priya@example.com") == true)
    let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    #expect(second["kind"] as? String == "review")
    #expect((second["people"] as? [String])?.contains("dana@example.com") == true)
  }
}
