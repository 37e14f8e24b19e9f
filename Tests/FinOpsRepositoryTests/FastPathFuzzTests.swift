import FinOpsCore
import Foundation
import Testing

@testable import FinOpsRepository

/// `ReusingWorkloadDecoder.decodeAlone`, the fast path every load tries first, against the full
/// decode on seeded random edits of the fixtures and the demo workloads: whenever the fast path
/// returns a record, the parser must give that record byte for byte, with no diagnostic and the
/// same positions. `FUZZ_COUNT` and `FUZZ_SEED` run more variants or others (an independent
/// review ran 313,000 this way when the fast path went into every load).
@Suite("The decoder's fast path against the full decode, on random edits")
struct FastPathFuzzTests {
  static let path = "workloads/fnol-claims.md"

  static let tricky: [String] = [
    "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "yes", "no", "on", "off", "y",
    "n", "Y", "0x1F", "0o17", "0b101", "1e3", "1E3", "-1e3", ".inf", "-.inf", "+.inf", ".nan",
    ".NaN", "0", "-1", "+1", "1_000", "12:30", "1:2:3", "190:20:30", "2026-01-01",
    "2026-09-22T13:00:00Z", "2026-09-22 13:00:00", "a: b", "a:b", "a :b", "a #b", "a#b", "#a",
    "a #", "foo ", "foo  ", "", "''", "\"\"", "'quoted'", "\"dq\"", "\"esc\\n\"", "\"\\u00e9\"",
    "'it''s'", "[a, b]", "[]", "[ ]", "{a: b}", "{}", "&anchor x", "*alias", "!!str x",
    "!!str", "!tag x", "|", "|-", "|+", ">", ">-", "- x", "-x", "--x", "---", "...", "?x",
    "? x", ",x", "x,", "%x", "@x", "`x", "x`", "café", "Ç", "e\u{301}", "\u{E9}", "ß", "😀",
    "\u{85}x", "x\u{85}y", "x\u{2028}y", "x\u{A0}", "\u{A0}x", "x\u{FEFF}", "x\ty", "x\t",
    "x\ry", "a:", "a::", "a:: b", "http://x.y/z", "a@b.c", "hannah.lindqvist@northwind.example",
    "HANNAH@NORTHWIND.EXAMPLE", "a@b", "@b.c", "a'b", "a\"b", "a\\b", "a [b]", "a {b}",
    "a, b", "-", ":", "?", "=", "<<", "!", "!!", "0.", ".5", "1.0", "01", "007", "NaN", "nan",
    "x y", "x  y", "x:y:z", "x: y: z", "a -b", "a - b", "a ? b", "*", "&", "x&y", "x*y",
    "1200.00", "1200", "1,200.00", "$1200", "1200.000", "-5", "+5", "15.5", "1e2",
    "418295730164", "\"418295730164\"", "'418295730164'", "41829573016", "4182957301645",
    "us-east-1", "bedrock", "priority", "live", "draft", "approved", "submitted",
    "ready-to-claim", "changes-requested", "complete-step", "model-access", "iam-role",
    "product-owner", "finops-lead", "cloud-engineer", "Live", "live ", "lambda", "eks-irsa",
    "operations-ai", "coding-ai", "customer-support", "cost-saving", "eajd", "zzzz", "abcd",
    "ab1d", "aaaa", "EAJD", "2222", "eaj", "eajdd",
    String(repeating: "x", count: 15), String(repeating: "x", count: 16),
    String(repeating: "y", count: 17), String(repeating: "long text ", count: 60) + "end",
    String(repeating: "z", count: 5000),
  ]

  static let keys = [
    "title", "owner", "product", "components", "id", "status", "request", "approval",
    "implementation", "claim", "history", "use_case", "purpose", "runtime", "team_size",
    "utilization", "monthly_budget", "business_case", "value_type", "annual_baseline",
    "target_percent", "platform", "model", "account", "region", "role_name", "workspace",
    "estimate", "business_case_acknowledged", "priority", "rationale", "monthly",
    "input_tokens", "output_tokens", "by", "at", "transition", "from", "to", "persona", "step",
    "reason", "model_access", "iam_role", "permission_policy", "Title", "titl", "x", "_", "a-b",
    "A", "0",
  ]

  /// Splits a text into front matter lines (without "\n") and the rest.
  static func parts(_ text: String) -> (head: String, lines: [String], tail: String)? {
    let all = text.components(separatedBy: "\n")
    guard all.first == "---", let close = all.dropFirst().firstIndex(of: "---") else { return nil }
    return ("---", Array(all[1..<close]), all[close...].joined(separator: "\n"))
  }

  static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

  /// The end (exclusive) of the block starting at `i`.
  static func blockEnd(_ lines: [String], _ i: Int) -> Int {
    let base = indent(lines[i])
    var end = i + 1
    while end < lines.count, indent(lines[end]) > base { end += 1 }
    return end
  }

  /// `key: value` split, with `- ` before the key kept in the prefix.
  static func keyValue(_ line: String) -> (prefix: String, key: String, value: String)? {
    guard let colon = line.range(of: ": ") else { return nil }
    let before = String(line[..<colon.lowerBound])
    let trimmed = before.drop { $0 == " " || $0 == "-" }
    let prefix = String(before.prefix(before.count - trimmed.count))
    return (prefix, String(trimmed), String(line[colon.upperBound...]))
  }

  /// One random edit: a value rewritten (a tenth of the time), a block's children shifted right
  /// together (a tenth), or one of the edits below.
  static func mutate(_ input: [String], _ rng: inout SeededRandom) -> [String] {
    var lines = input
    guard !lines.isEmpty else { return lines }
    let i = rng.int(lines.count)
    let mode = rng.int(10)
    if mode == 0 {
      let free = [
        "title", "product", "owner", "utilization", "model", "region", "rationale", "reason",
        "role_name", "workspace", "by", "account", "id", "status", "at", "team_size",
        "monthly_budget",
      ]
      let candidates = lines.indices.filter {
        keyValue(lines[$0]).map { free.contains($0.key) } ?? false
      }
      if let j = candidates.isEmpty ? nil : rng.pick(candidates), let (p, k, v) = keyValue(lines[j])
      {
        let alphabet = Array(" :#-?,[]{}&*!|>'\"%@`~.0aZ/\\=+_;()<$^")
        var value = ""
        switch rng.int(4) {
        case 0: value = rng.pick(tricky)
        case 1: for _ in 0..<(1 + rng.int(6)) { value.append(rng.pick(alphabet)) }
        case 2:
          value = v
          for _ in 0..<(1 + rng.int(2)) {
            var chars = Array(value)
            chars.insert(rng.pick(alphabet), at: rng.int(chars.count + 1))
            value = String(chars)
          }
        default:
          value = rng.pick(alphabet).description + v + rng.pick(alphabet).description
        }
        lines[j] = p + k + ": " + value
      }
      return lines
    }
    if mode == 1 {
      // A block's children shifted right together (valid YAML, other indentation).
      let j = rng.int(lines.count)
      let end = blockEnd(lines, j)
      let k = rng.pick([1, 2, 3, 4])
      for m in (j + 1)..<max(end, j + 1) { lines[m] = String(repeating: " ", count: k) + lines[m] }
      return lines
    }
    switch rng.int(30) {
    case 0...7:  // value replaced by a tricky scalar
      let candidates = lines.indices.filter { keyValue(lines[$0]) != nil }
      guard let j = candidates.isEmpty ? nil : rng.pick(candidates),
        let (p, k, _) = keyValue(lines[j])
      else { break }
      lines[j] = p + k + ": " + rng.pick(tricky)
    case 8:  // value replaced by a value from elsewhere in the file
      let candidates = lines.indices.filter { keyValue(lines[$0]) != nil }
      guard candidates.count > 1, let (p, k, _) = keyValue(lines[rng.pick(candidates)]),
        let (_, _, v) = keyValue(lines[rng.pick(candidates)])
      else { break }
      let j = lines.firstIndex { keyValue($0)?.key == k } ?? 0
      lines[j] = p + k + ": " + v
    case 9: lines.insert(lines[i], at: i)
    case 10: lines.remove(at: i)
    case 11:
      let delta = rng.pick([-4, -2, -1, 1, 2, 4])
      if delta > 0 {
        lines[i] = String(repeating: " ", count: delta) + lines[i]
      } else {
        lines[i] = String(lines[i].dropFirst(min(-delta, indent(lines[i]))))
      }
    case 12:
      lines.insert(
        String(repeating: " ", count: rng.pick([0, 2, 4, 6, 8])) + rng.pick(["# c", "#", "", " "]),
        at: rng.int(lines.count + 1))
    case 13: lines[i] += rng.pick([" # c", " #", "#x", " ", "  ", "\t", "\r", " :", ":"])
    case 14:
      if i + 1 < lines.count { lines.swapAt(i, i + 1) }
    case 15:
      if let (p, k, v) = keyValue(lines[i]) {
        lines[i] = p + k + rng.pick([":  ", ":   ", " : ", ":\t"]) + v
      }
    case 16:
      if let (p, k, v) = keyValue(lines[i]), p.contains("-") {
        lines[i] =
          String(p.prefix { $0 == " " }) + rng.pick(["-  ", "-   ", "-\t", "- - "]) + k + ": " + v
      }
    case 17:
      lines.insert(
        rng.pick(["---", "...", "--- ", "%YAML 1.2", "- x", "? x", "x"]),
        at: rng.int(lines.count + 1))
    case 18:  // remove a whole block
      lines.removeSubrange(i..<blockEnd(lines, i))
    case 19:  // duplicate a whole block
      let block = Array(lines[i..<blockEnd(lines, i)])
      lines.insert(contentsOf: block, at: i)
    case 20:  // swap a block with its next sibling
      let end = blockEnd(lines, i)
      if end < lines.count, indent(lines[end]) == indent(lines[i]) {
        let end2 = blockEnd(lines, end)
        let a = Array(lines[i..<end])
        let b = Array(lines[end..<end2])
        lines.replaceSubrange(i..<end2, with: b + a)
      }
    case 21:  // key renamed
      if let (p, _, v) = keyValue(lines[i]) { lines[i] = p + rng.pick(keys) + ": " + v }
    case 22:  // value quoted
      if let (p, k, v) = keyValue(lines[i]) {
        let q =
          rng.chance(0.5)
          ? "'" + v.replacingOccurrences(of: "'", with: "''") + "'"
          : "\""
            + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
              of: "\"", with: "\\\"") + "\""
        lines[i] = p + k + ": " + q
      }
    case 23:  // value as a literal block or a continued plain scalar
      if let (p, k, v) = keyValue(lines[i]) {
        let deeper = String(repeating: " ", count: p.count + k.count > 0 ? p.count + 2 : 2)
        if rng.chance(0.5) {
          lines[i] = p + k + ": " + rng.pick(["|", "|-", ">"])
          lines.insert(deeper + v, at: i + 1)
        } else {
          let words = v.split(separator: " ", maxSplits: 1)
          if words.count == 2 {
            lines[i] = p + k + ": " + words[0]
            lines.insert(deeper + words[1], at: i + 1)
          }
        }
      }
    case 24:  // sequence items at the parent key's indentation
      if lines[i].hasSuffix("components:") || lines[i].hasSuffix("history:") {
        let end = blockEnd(lines, i)
        for j in (i + 1)..<end where indent(lines[j]) >= 2 {
          lines[j] = String(lines[j].dropFirst(2))
        }
      }
    case 25:  // header with trailing junk or a flow value
      if lines[i].hasSuffix(":") {
        lines[i] += rng.pick([" ", " # c", " []", " ~", " null", " &a", " !!map", " |"])
      }
    case 26:  // unknown key inserted as a sibling
      let ind = indent(lines[i])
      lines.insert(
        String(repeating: " ", count: ind) + rng.pick(keys) + ": " + rng.pick(tricky), at: i)
    case 27:  // non-ASCII or control byte inserted somewhere in a line
      var chars = Array(lines[i])
      let at = rng.int(chars.count + 1)
      chars.insert(
        contentsOf: Array(
          rng.pick([
            "é", "\u{FEFF}", "\t", "\r", "\u{85}", "\u{7F}", "\u{1}", "😀", " ", ":", "#", "-",
            "\u{2028}",
          ])), at: at)
      lines[i] = String(chars)
    case 28:  // an optional field dropped or a history entry's optional key added
      if let (p, k, _) = keyValue(lines[i]), p.contains("-") || ["to", "by", "persona"].contains(k)
      {
        let ind = String(repeating: " ", count: p.count)
        lines.insert(
          ind + rng.pick(["from", "step", "reason", "purpose", "role_name", "workspace"]) + ": "
            + rng.pick(tricky), at: i + 1)
      }
    default:  // dash line split: `-` alone then the mapping below
      if let (p, k, v) = keyValue(lines[i]), p.hasSuffix("- ") {
        let ind = String(p.dropLast(2))
        lines[i] = ind + "-"
        lines.insert(ind + "  " + k + ": " + v, at: i + 1)
      }
    }
    return lines
  }

  static var bases: [String] {
    var texts: [String] = []
    if let names = try? FileManager.default.contentsOfDirectory(atPath: Fixture.folder.path) {
      for name in names.sorted() where name.hasSuffix(".md") {
        if let text = try? Fixture.text(name) { texts.append(text) }
      }
    }
    let workloads = Fixture.repositoryRoot.appendingPathComponent("workloads")
    if let names = try? FileManager.default.contentsOfDirectory(atPath: workloads.path) {
      for name in names.sorted() where name.hasSuffix(".md") {
        if let data = try? Data(contentsOf: workloads.appendingPathComponent(name)) {
          texts.append(String(decoding: data, as: UTF8.self))
        }
      }
    }
    return texts
  }

  /// Every string field of a workload, as bytes.
  static func strings(_ w: Workload) -> [[UInt8]] {
    var out: [String] = [w.slug, w.title, w.owner, w.product]
    for c in w.components {
      out += [c.id, c.request.utilization]
      if let a = c.approval {
        out += [
          a.model, a.account, a.region, a.roleName ?? "<nil>", a.workspace ?? "<nil>", a.rationale,
        ]
      }
      if let i = c.implementation {
        for step in ImplementationStep.allCases { out.append(i.steps[step]?.by ?? "<nil>") }
      }
      out.append(c.claim?.by ?? "<nil>")
      for h in c.history { out += [h.by, h.reason ?? "<nil>"] }
    }
    return out.map { Array($0.utf8) }
  }

  static func fields(_ w: Workload) -> [String] {
    var out = ["", "title", "owner", "product", "components"]
    for (i, c) in w.components.enumerated() {
      let p = "components[\(i)]"
      out += [
        p, "\(p).id", "\(p).status", "\(p).request", "\(p).request.utilization",
        "\(p).approval", "\(p).approval.model", "\(p).claim.by", "\(p).history",
      ]
      for j in c.history.indices { out += ["\(p).history[\(j)]", "\(p).history[\(j)].by"] }
    }
    return out
  }

  /// Whether the fast path took `text`, and what differs from the full decode when it did (nil
  /// when nothing does).
  static func check(_ text: String, _ cache: StringCache) -> (accepted: Bool, problem: String?) {
    guard case .success(let fm) = FrontMatter.split(path: path, text: text) else {
      return (false, nil)
    }
    let plain = ReusingWorkloadDecoder.decodeAlone(path: path, frontMatter: fm, strings: nil)
    let shared = ReusingWorkloadDecoder.decodeAlone(path: path, frontMatter: fm, strings: cache)
    if (plain == nil) != (shared == nil) { return (true, "cache changes acceptance") }
    guard let plain, let shared else { return (false, nil) }
    let full = WorkloadDecoder.decodeFully(path: path, text: text)
    if !full.diagnostics.isEmpty {
      return (true, "full decode has diagnostics: \(full.diagnostics.map { "\($0)" })")
    }
    guard let document = full.document else { return (true, "full decode has no document") }
    if document.workload != plain { return (true, "workload differs") }
    if document.workload != shared { return (true, "workload (shared) differs") }
    if strings(document.workload) != strings(plain) { return (true, "string bytes differ") }
    if strings(document.workload) != strings(shared) {
      return (true, "string bytes (shared) differ")
    }
    let a = Array(WorkloadEncoder.yaml(document.workload).utf8)
    if a != Array(WorkloadEncoder.yaml(plain).utf8) || a != Array(WorkloadEncoder.yaml(shared).utf8)
    {
      return (true, "encoded bytes differ")
    }
    let fast = WorkloadDecoder.decode(path: path, text: text, strings: cache)
    if !fast.diagnostics.isEmpty || fast.document?.workload != plain {
      return (true, "decode differs from decodeAlone")
    }
    for field in fields(plain) {
      if fast.document?.sourceMap.location(field) != document.sourceMap.location(field) {
        return (true, "source map differs at \(field)")
      }
    }
    return (true, nil)
  }

  @Test("random edits: whatever the fast path takes, it reads as the full decode does")
  func fuzz() throws {
    let count = Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 1200
    let seed = UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 29
    var rng = SeededRandom(state: seed)
    let bases = Self.bases
    #expect(bases.count >= 20)
    // A small cache, so that texts also take each other's slots.
    let cache = StringCache(capacity: 256)
    var accepted = 0
    var acceptedMutated = 0
    var failures: [(String, String)] = []
    var reusing = ReusingWorkloadDecoder()
    for n in 0..<count {
      let base = bases[rng.int(bases.count)]
      guard let (head, lines, tail) = Self.parts(base) else { continue }
      var mutated = lines
      let rounds = 1 + rng.int(3)
      for _ in 0..<rounds { mutated = Self.mutate(mutated, &rng) }
      let text = ([head] + mutated).joined(separator: "\n") + "\n" + tail
      let (ok, problem) = Self.check(text, cache)
      if ok { accepted += 1 }
      if ok && mutated != lines { acceptedMutated += 1 }
      if let problem { failures.append((problem, text)) }
      // The audit's decoder, on a chain of versions.
      if n % 50 == 0 { reusing = ReusingWorkloadDecoder() }
      let chained = reusing.decode(path: Self.path, text: text)
      let full = WorkloadDecoder.decodeFully(path: Self.path, text: text)
      if chained.diagnostics != full.diagnostics
        || chained.document?.workload != full.document?.workload
        || chained.document.map({ Self.strings($0.workload) })
          != full.document.map({ Self.strings($0.workload) })
      {
        failures.append(("reusing decoder differs", text))
      }
    }
    // The edits must leave the fast path something to take, or nothing is tested.
    #expect(accepted > count / 10)
    #expect(acceptedMutated > count / 50)
    for (problem, text) in failures.prefix(5) { Issue.record("\(problem):\n\(text)") }
    #expect(failures.isEmpty)
  }

  @Test(
    "null, boolean, number, tag and comment lookalikes are read as the parser reads them"
  )
  func handWritten() throws {
    let base = try Fixture.text("valid.md")
    let cache = StringCache()
    let edits: [(String, String)] = [
      ("title: FNOL Claims Assistant", "title: ~"),
      ("title: FNOL Claims Assistant", "title: null"),
      ("title: FNOL Claims Assistant", "title: true"),
      ("title: FNOL Claims Assistant", "title: 0x1F"),
      ("title: FNOL Claims Assistant", "title: .inf"),
      ("title: FNOL Claims Assistant", "title: a:b"),
      ("title: FNOL Claims Assistant", "title: Café"),
      ("title: FNOL Claims Assistant", "title: Cafe\u{301}"),
      ("title: FNOL Claims Assistant", "title: x\u{85}y"),
      ("title: FNOL Claims Assistant", "title: x\u{2028}y"),
      ("title: FNOL Claims Assistant", "title: !!str x"),
      ("title: FNOL Claims Assistant", "title: FNOL Claims # Assistant"),
      ("product: claims-intake", "product: claims-intake # the product"),
      ("title: FNOL Claims Assistant", "title:   spaced"),
      ("product: claims-intake", "product: 2026-01-01"),
      ("product: claims-intake", "product: 12:30"),
      ("product: claims-intake", "product: [a]x"),
      ("product: claims-intake", "product: a]"),
      ("product: claims-intake", "product: a,b"),
      ("product: claims-intake", "product: x{y}"),
      ("        reason: x", "        reason: x"),
      (
        "        persona: product-owner\n      - at: 2026-09-21T19:10:00Z",
        "        persona: product-owner\n        reason: null\n      - at: 2026-09-21T19:10:00Z"
      ),
      (
        "        persona: product-owner\n      - at: 2026-09-21T19:10:00Z",
        "        persona: product-owner\n        reason: a,b [c] {d} e:f g'h \"i\" ~\n"
          + "      - at: 2026-09-21T19:10:00Z"
      ),
      (
        "        persona: product-owner\n      - at: 2026-09-21T19:10:00Z",
        "        persona: product-owner\n        reason: \(String(repeating: "r", count: 20000))\n"
          + "      - at: 2026-09-21T19:10:00Z"
      ),
      ("    status: live", "    status: live\n"),
      ("components:\n  - id: eajd", "components:\n  -   id: eajd"),
      (
        "      region: us-east-1",
        "      region: us-east-1\n      role_name: ~\n      workspace: null"
      ),
    ]
    var accepted = 0
    for (old, new) in edits {
      let text = ReusingWorkloadDecoderTests.replacing(old, with: new, in: base)
      #expect(text != base || old == new, "\(old) is not in the fixture")
      let (ok, problem) = Self.check(text, cache)
      if ok { accepted += 1 }
      #expect(problem == nil, "\(new): \(problem ?? "")")
    }
    #expect(accepted > edits.count / 2)
  }
}

extension SeededRandom {
  /// A number in `0..<count` (0 when `count` is 0).
  fileprivate mutating func int(_ count: Int) -> Int { int(0..<max(count, 1)) }

  /// True with probability `probability`.
  fileprivate mutating func chance(_ probability: Double) -> Bool {
    Double(next() % 1_000_000) / 1_000_000 < probability
  }
}
