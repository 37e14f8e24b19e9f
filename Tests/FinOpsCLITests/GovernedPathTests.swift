import FinOpsCLI
import FinOpsTestSupport
import Foundation
import Testing

/// A transcript of `finops` commands run in a temporary git repository, each as a person, with
/// the clock pinned.
final class Session {
  let repository: GitRepositoryFixture
  private(set) var transcript = ""
  private var minute = 0

  init(configurationSuffix: String = "") throws {
    let fixture = Paths.fixture("governed")
    var files: [String: String] = [:]
    for name in ["finops.yml", "pricing/catalog.yml"] {
      files[name] = try String(contentsOfFile: fixture + "/" + name, encoding: .utf8)
    }
    files["finops.yml"]? += configurationSuffix
    files["workloads/.gitkeep"] = ""
    repository = try GitRepositoryFixture(files: files)
  }

  deinit { repository.remove() }

  /// Runs `finops ARGUMENTS` as `email` at the next pinned minute; records and returns the run.
  @discardableResult
  func run(_ email: String, _ arguments: [String], at time: String? = nil, input: [String]? = nil) -> Run {
    minute += 1
    let now = time ?? String(format: "2026-10-05T09:%02d:00Z", minute)
    let context = Context(
      environment: repository.environment(as: email, now: now), currentDirectory: repository.path,
      output: Stream(), errors: Stream(), input: LineSource(lines: input ?? []),
      isInteractive: input != nil)
    let code = FinOpsCommand.run(arguments, in: context)
    let run = Run(code: code, output: context.output.text, errors: context.errors.text)
    transcript += "$ [\(email) @ \(now)] finops \(arguments.joined(separator: " "))\n"
    transcript += run.output + run.errors + "[exit \(code)]\n\n"
    return run
  }

  func file(_ slug: String, folder: String = "") throws -> String {
    try repository.directory.read("workloads/\(folder)\(slug).md")
  }

  func git(_ arguments: [String]) throws -> String { try repository.git(arguments) }

  /// Submits a new workload titled `title` as priya (a Product Owner); its component's reference.
  func submitted(_ title: String, flags: [String] = submitFlags) throws -> String {
    run("priya@example.com", ["submit", "--title", title] + flags)
    let slug = title.lowercased().replacingOccurrences(of: " ", with: "-")
    return "\(slug)/\(try componentID(slug))"
  }

  /// The id of the only component of a workload, read from its file.
  func componentID(_ slug: String, index: Int = 0) throws -> String {
    let lines = try file(slug).split(separator: "\n").filter { $0.hasPrefix("  - id: ") }
    return String(lines[index].dropFirst("  - id: ".count))
  }
}

extension Run {
  init(code: Int32, output: String, errors: String) {
    self.code = code
    self.output = output
    self.errors = errors
  }
}

let submitFlags = [
  "--use-case", "operations-ai", "--purpose", "customer-support", "--runtime", "lambda",
  "--team-size", "6", "--utilization", "2,000 claim notes a day", "--budget", "1200",
  "--product", "claims-intake", "--value-type", "cost-saving", "--baseline", "480000",
  "--target-percent", "15",
]

let approveFlags = [
  "--platform", "bedrock", "--model", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "--account", "ai-prod", "--region", "us-east-1", "--priority", "normal",
  "--rationale", "Sonnet meets the accuracy bar", "--input-tokens", "180000000",
  "--output-tokens", "39600000",
]

/// `approveFlags` with another model.
func approveFlags(model: String) -> [String] {
  approveFlags.map { $0.hasPrefix("us.") ? model : $0 }
}

@Suite("The governed path, from request to live, as commits")
struct GovernedPathTests {
  @Test("submit, request changes, resubmit, approve, implement, claim: each a commit by its persona")
  func wholePath() throws {
    let session = try Session()
    #expect(session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags).code == 0)
    let id = try session.componentID("claims-assistant")
    let ref = "claims-assistant/\(id)"
    #expect(session.run("dana@example.com", ["request-changes", ref, "--reason", "Add token volumes"]).code == 0)
    #expect(session.run("priya@example.com", ["resubmit", ref]).code == 0)
    #expect(session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"]).code == 0)
    #expect(session.run("sam@example.com", ["task", "show", ref]).code == 0)
    for step in ["model-access", "iam-role", "permission-policy"] {
      #expect(session.run("sam@example.com", ["task", "done", ref, step]).code == 0)
    }
    let implement = session.run("sam@example.com", ["implement", ref])
    #expect(implement.code == 0)
    #expect(implement.output.contains("arn:aws:iam::111122223333:role/finops-claims-assistant-\(id)"))
    #expect(session.run("priya@example.com", ["claim", ref]).code == 0)
    #expect(session.run("priya@example.com", ["check"]).code == 0)
    let audit = session.run("maintainer@example.com", ["audit"])
    #expect(audit.code == 0, "\(audit.output)")
    let log = try session.git(["log", "--format=%an <%ae>|%s", "--reverse"])
    #expect(
      log.split(separator: "\n").dropFirst().map(String.init) == [
        "Priya Shah <priya@example.com>|submit: \(ref)",
        "Dana Whitfield <dana@example.com>|request-changes: \(ref)",
        "Priya Shah <priya@example.com>|resubmit: \(ref)",
        "Dana Whitfield <dana@example.com>|approve: \(ref)",
        "Sam Okafor <sam@example.com>|complete-step: \(ref)",
        "Sam Okafor <sam@example.com>|complete-step: \(ref)",
        "Sam Okafor <sam@example.com>|complete-step: \(ref)",
        "Sam Okafor <sam@example.com>|implement: \(ref)",
        "Priya Shah <priya@example.com>|claim: \(ref)",
      ])
    let message = try session.git(["log", "-1", "--format=%B", "--skip=5"])
    #expect(message.contains("Finops-Transition: approve\nFinops-Component: \(ref)\nFinops-Persona: finops-lead"))
    assertGolden(session.transcript, named: "governed-path.transcript")
    assertGolden(try session.file("claims-assistant"), named: "governed-path.claims-assistant.md")
  }

  @Test("adding an AI component to an existing workload appends to the parent file")
  func addToExisting() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let flags = submitFlags.filter { $0 != "--product" && $0 != "claims-intake" }
    let run = session.run("priya@example.com", ["submit", "--parent", "claims-assistant"] + flags.map { $0 == "lambda" ? "ecs" : $0 })
    #expect(run.code == 0, "\(run.errors)")
    let text = try session.file("claims-assistant")
    #expect(text.components(separatedBy: "\n  - id: ").count == 3)
    #expect((try FileManager.default.contentsOfDirectory(atPath: session.repository.path + "/workloads")).filter { $0.hasSuffix(".md") }.count == 1)
    #expect(session.run("priya@example.com", ["submit", "--parent", "claims-assistant", "--product", "claims-intake"] + flags).code == 64)
  }

  @Test(
    "each refusal leaves the repository unchanged",
    arguments: [
      (
        "wrong persona", "priya@example.com",
        ["approve", "REF"] + approveFlags + ["--acknowledge-business-case"], "roster.persona"
      ),
      (
        "missing acknowledgement", "dana@example.com", ["approve", "REF"] + approveFlags,
        "acknowledge"
      ),
      (
        "a profile outside its geography", "dana@example.com",
        ["approve", "REF"] + approveFlags(model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
          + ["--acknowledge-business-case"],
        "[standards.model-region] model 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0'"
      ),
      (
        "a model its platform does not call", "dana@example.com",
        ["approve", "REF"] + approveFlags(model: "claude-sonnet-4-5")
          + ["--acknowledge-business-case"],
        "[standards.model-platform] model 'claude-sonnet-4-5' is a Claude API model name"
      ),
      (
        "implement before approval", "sam@example.com", ["implement", "REF"], "lifecycle.transition"
      ),
      ("claim before it is ready", "priya@example.com", ["claim", "REF"], "lifecycle.transition"),
      (
        "not on the roster", "mallory@example.com", ["request-changes", "REF", "--reason", "x"],
        "not on the roster"
      ),
    ])
  func refusals(name: String, actor: String, arguments: [String], expected: String) throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    let before = try session.git(["rev-parse", "HEAD"])
    let file = try session.file("claims-assistant")
    let run = session.run(actor, arguments.map { $0 == "REF" ? ref : $0 })
    #expect(run.code == 1, "\(name)")
    #expect(run.errors.contains(expected), "\(name): \(run.errors)")
    #expect(try session.git(["rev-parse", "HEAD"]) == before)
    #expect(try session.file("claims-assistant") == file)
    #expect(try session.git(["status", "--porcelain"]).isEmpty)
  }

  @Test("separation of duties: no self-approval, no implementing what you approved, only the owner claims")
  func separationOfDuties() throws {
    let session = try Session()
    session.run("lee@example.com", ["submit", "--title", "Lee Bot"] + submitFlags)
    let lee = "lee-bot/\(try session.componentID("lee-bot"))"
    let own = session.run("lee@example.com", ["approve", lee] + approveFlags + ["--acknowledge-business-case"])
    #expect(own.code == 1 && own.errors.contains("lifecycle.separation-of-duties"))
    #expect(session.run("jordan@example.com", ["approve", lee] + approveFlags + ["--acknowledge-business-case"]).code == 0)
    let implementOwn = session.run("jordan@example.com", ["task", "done", lee, "model-access"])
    #expect(implementOwn.code == 1 && implementOwn.errors.contains("lifecycle.separation-of-duties"))
    for step in ["model-access", "iam-role", "permission-policy"] {
      session.run("sam@example.com", ["task", "done", lee, step])
    }
    let early = session.run("sam@example.com", ["implement", lee])
    #expect(early.code == 0)
    let claim = session.run("priya@example.com", ["claim", lee])
    #expect(claim.code == 1 && claim.errors.contains("lifecycle.owner"))
    #expect(session.run("lee@example.com", ["claim", lee]).code == 0)
  }

  @Test("implement needs every step")
  func implementNeedsSteps() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    session.run("sam@example.com", ["task", "done", ref, "model-access"])
    let run = session.run("sam@example.com", ["implement", ref])
    #expect(run.code == 1)
    #expect(run.errors.contains("iam-role, permission-policy"))
  }

  @Test("a transition refuses to run over uncommitted edits to its file")
  func dirtyFile() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    try session.repository.directory.write("workloads/claims-assistant.md", try session.file("claims-assistant") + "\nmore\n")
    let run = session.run("dana@example.com", ["reject", ref, "--reason", "no"])
    #expect(run.code == 1)
    #expect(run.errors.contains("uncommitted changes"))
  }

  @Test("submit checks its file for uncommitted edits while it reads the ids in use")
  func dirtyFileOnSubmit() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let edited = try session.file("claims-assistant") + "\nmore\n"
    try session.repository.directory.write("workloads/claims-assistant.md", edited)
    let flags = submitFlags.filter { $0 != "--product" && $0 != "claims-intake" }
    let run = session.run("priya@example.com", ["submit", "--parent", "claims-assistant"] + flags)
    #expect(run.code == 1)
    #expect(run.errors.contains("uncommitted changes"), "\(run.errors)")
    #expect(try session.file("claims-assistant") == edited)
    // A new workload's file is checked too: a staged file under the new slug's path is refused.
    try session.repository.directory.write("workloads/intake-bot.md", "---\n---\n")
    try session.repository.git(["add", "workloads/intake-bot.md"], as: "priya@example.com")
    try FileManager.default.removeItem(atPath: session.repository.path + "/workloads/intake-bot.md")
    let fresh = session.run("priya@example.com", ["submit", "--title", "Intake Bot"] + submitFlags)
    #expect(fresh.code == 1)
    #expect(fresh.errors.contains("uncommitted changes"), "\(fresh.errors)")
  }

  @Test("outside a git repository a transition says so and writes nothing")
  func notARepository() throws {
    let session = try Session()
    try FileManager.default.removeItem(atPath: session.repository.path + "/.git")
    let run = session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    #expect(run.code == 1)
    #expect(run.errors.contains("is not a git repository"))
    #expect(!FileManager.default.fileExists(atPath: session.repository.path + "/workloads/claims-assistant.md"))
  }

  @Test("the wizard asks for each value, validates it, and submits after review")
  func wizard() throws {
    let session = try Session()
    let answers = [
      "3", "1",  // Operations AI, customer support
      "Claims Assistant", "1",  // title, product
      "9", "1",  // a bad runtime choice, then Lambda
      "six", "6", "2,000 claim notes a day", "12OO", "1200",
      "1", "480000", "150", "15",
      "Summaries for intake agents.",
      "y",
    ]
    let run = session.run("priya@example.com", ["submit"], input: answers)
    #expect(run.code == 0, "\(run.output)\(run.errors)")
    #expect(run.output.contains("Step 1 of 3: use case"))
    #expect(run.output.contains("Step 3 of 3: review"))
    #expect(run.output.contains("Declared annual opportunity: $72,000.00"))
    #expect(run.output.contains("answer with a number from 1 to 8"))
    #expect(run.output.contains("a whole number, 1 or more"))
    let text = try session.file("claims-assistant")
    #expect(text.contains("runtime: lambda"))
    #expect(text.contains("Summaries for intake agents."))
    assertGolden(run.output, named: "wizard.transcript")
  }

  @Test("on a terminal, approve offers only the Regions the chosen profile is called from")
  func approveAsks() throws {
    let session = try Session()
    let ref = try session.submitted("Claims Assistant")
    let answers = [
      "1", "3", "1", "1", "180000000", "39600000", "1", "EU data stays in the EU", "y",
    ]
    let run = session.run("dana@example.com", ["approve", ref], input: answers)
    #expect(run.code == 0, "\(run.output)\(run.errors)")
    #expect(run.output.contains("Region\n  1) eu-west-1\nChoose 1-1"), "\(run.output)")
    let text = try session.file("claims-assistant")
    #expect(text.contains("model: eu.anthropic.claude-sonnet-4-5-20250929-v1:0"))
    #expect(text.contains("region: eu-west-1"))
  }

  @Test("on a terminal, a Claude Platform approval offers its models and asks for the workspace")
  func approveClaudePlatform() throws {
    let session = try Session()
    let ref = try session.submitted("Claims Assistant")
    let answers = [
      "2", "1", "1", "2", "my workspace", "wrkspc_01AbCdEf23GhIj", "180000000", "39600000", "1",
      "Claude Platform for the workspace's limits", "y",
    ]
    let run = session.run("dana@example.com", ["approve", ref], input: answers)
    #expect(run.code == 0, "\(run.output)\(run.errors)")
    #expect(run.output.contains("Model\n  1) claude-sonnet-4-5\nChoose 1-1"), "\(run.output)")
    #expect(run.output.contains("a workspace ID such as wrkspc_01AbCdEf23GhIj"))
    let text = try session.file("claims-assistant")
    #expect(text.contains("workspace: wrkspc_01AbCdEf23GhIj"))
    #expect(text.contains("region: us-west-2"))
    // In a script, the workspace is a flag the usage error names.
    let other = try session.submitted("Fraud Triage")
    let flags = approveFlags(model: "claude-sonnet-4-5").map {
      $0 == "bedrock" ? "claude-platform" : $0
    }
    let missing = session.run(
      "dana@example.com", ["approve", other] + flags + ["--acknowledge-business-case"])
    #expect(missing.code == 64)
    #expect(missing.errors.contains("--workspace"), "\(missing.errors)")
  }

  @Test("on a terminal, the wizard's second path adds AI capabilities to one of the owner's workloads")
  func wizardAddsToExisting() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let answers = [
      "2", "1",  // add to an existing workload: Claims Assistant
      "2",  // Coding AI
      "1", "6", "Reviews pull requests", "500", "1", "100000", "10",
      "y",
    ]
    let run = session.run("priya@example.com", ["submit"], input: answers)
    #expect(run.code == 0, "\(run.output)\(run.errors)")
    #expect(run.output.contains("Create a new workload, or add AI capabilities to an existing one?"))
    #expect(run.output.contains("Add AI capabilities to Claims Assistant (claims-assistant)"))
    let text = try session.file("claims-assistant")
    #expect(text.components(separatedBy: "\n  - id: ").count == 3)
    #expect(text.contains("use_case: coding-ai"))
    #expect((try FileManager.default.contentsOfDirectory(atPath: session.repository.path + "/workloads")).filter { $0.hasSuffix(".md") }.count == 1)
  }

  @Test("approve offers and accepts only finops.yml's platforms for the request's kind of workload")
  func platformsByUseCase() throws {
    let session = try Session()
    let flags = submitFlags.map { $0 == "operations-ai" ? "coding-ai" : $0 }.filter {
      $0 != "--purpose" && $0 != "customer-support"
    }
    let ref = try session.submitted("Code Reviewer", flags: flags)
    let refused = session.run(
      "dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"])
    #expect(refused.code == 1)
    #expect(
      refused.errors.contains(
        "[standards.platform] platform 'bedrock' is not among finops.yml's platforms for coding-ai requests"
      ), "\(refused.errors)")
    #expect(refused.errors.contains("note: allowed for coding-ai: claude-platform"))
    let answers = [
      "", "1", "1", "2", "wrkspc_01AbCdEf23GhIj", "180000000", "39600000", "1",
      "Claude Code on the platform", "y",
    ]
    let run = session.run("dana@example.com", ["approve", ref], input: answers)
    #expect(run.code == 0, "\(run.output)\(run.errors)")
    #expect(
      run.output.contains(
        "requests, the preferred first)\n  1) Claude Platform on AWS\nChoose 1-1"), "\(run.output)")
    #expect(try session.file("code-reviewer").contains("platform: claude-platform"))
  }

  @Test("in a script, missing wizard values are a usage error naming the flags")
  func missingFlags() throws {
    let session = try Session()
    let run = session.run("priya@example.com", ["submit", "--title", "X", "--use-case", "infrastructure"])
    #expect(run.code == 64)
    #expect(run.errors.contains("--runtime"))
    #expect(run.errors.contains("--product"))
  }
}

@Suite("The wizard on a real terminal")
struct WizardTerminalTests {
  @Test("finops submit on a pseudo-terminal asks, validates and submits")
  func pseudoTerminal() throws {
    let session = try Session()
    let binary = try #require(Binary.finops, "build finops first")
    let answers = ["3", "1", "Claims Assistant", "1", "1", "6", "2,000 notes a day", "1200", "1", "480000", "15", "", "y"]
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qfec", "\(binary) submit", "/dev/null"]
    process.currentDirectoryURL = URL(fileURLWithPath: session.repository.path)
    process.environment = session.repository.environment(as: "priya@example.com", now: "2026-10-05T09:00:00Z")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    for answer in answers {
      input.fileHandleForWriting.write(Data((answer + "\n").utf8))
      Thread.sleep(forTimeInterval: 0.05)
    }
    let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(transcript)")
    #expect(transcript.contains("Step 2 of 3: estimate and details"))
    #expect(transcript.contains("Declared annual opportunity: $72,000.00"))
    #expect(try session.file("claims-assistant").contains("status: submitted"))
  }
}

/// The built `finops` executable.
enum Binary {
  static var finops: String? {
    let candidates = [
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("finops").path,
      Paths.repositoryRoot + "/.build/debug/finops",
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Runs `binary` with `arguments` in `folder` to its end, with only `environment` and a
  /// plain PATH; its exit status and what it wrote to standard error.
  static func run(
    _ binary: String, _ arguments: [String], in folder: String, environment: [String: String]
  ) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }
}

@Suite("Workloads grouped in folders per org unit")
struct FolderLayoutTests {
  @Test("with folders by product, new workloads go to their product's folder and every command finds them")
  func byProduct() throws {
    let session = try Session(configurationSuffix: "workloads:\n  folders: by-product\n")
    #expect(session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags).code == 0)
    let text = try session.file("claims-assistant", folder: "claims-intake/")
    let id = String(text.split(separator: "\n").first { $0.hasPrefix("  - id: ") }!.dropFirst(8))
    let ref = "claims-assistant/\(id)"
    #expect(session.run("dana@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case"]).code == 0)
    #expect(session.run("priya@example.com", ["check"]).code == 0)
    #expect(session.run("maintainer@example.com", ["audit"]).code == 0)
  }

  @Test("the same file name in two folders is a duplicate slug, and a misplaced file a warning")
  func duplicates() throws {
    let session = try Session(configurationSuffix: "workloads:\n  folders: by-product\n")
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let text = try session.file("claims-assistant", folder: "claims-intake/")
    try session.repository.directory.write("workloads/elsewhere/claims-assistant.md", text.replacingOccurrences(of: "  - id: ", with: "  - id: z"))
    let run = session.run("priya@example.com", ["check"])
    #expect(run.code == 1)
    #expect(run.output.contains("[workload.duplicate-slug]"))
    #expect(run.output.contains("warning: [workload.folder]"))
  }
}

@Suite("Inbox and failure handling")
struct InboxTests {
  @Test("the inbox shows each persona what awaits them, with the SLA state")
  func inbox() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    let lead = session.run("dana@example.com", ["inbox"])
    #expect(lead.output.contains("FinOps Lead (1)"))
    #expect(lead.output.contains(ref))
    #expect(session.run("priya@example.com", ["inbox"]).output.contains("Product Owner (0)"))
    session.run("jordan@example.com", ["approve", ref] + approveFlags + ["--acknowledge-business-case", "--priority", "priority"])
    let engineer = session.run("sam@example.com", ["inbox"], at: "2026-10-09T12:00:00Z")
    #expect(engineer.output.contains("Cloud Engineer (1)"))
    #expect(engineer.output.contains("OVERDUE"), "\(engineer.output)")
    #expect(session.run("jordan@example.com", ["inbox"]).output.contains("Cloud Engineer (0)"))
  }

  @Test("when the commit fails, the file is restored and nothing is committed")
  func commitFailure() throws {
    let session = try Session()
    session.run("priya@example.com", ["submit", "--title", "Claims Assistant"] + submitFlags)
    let ref = "claims-assistant/\(try session.componentID("claims-assistant"))"
    let before = try session.file("claims-assistant")
    let head = try session.git(["rev-parse", "HEAD"])
    try session.repository.directory.write(".git/index.lock", "")
    let run = session.run("dana@example.com", ["reject", ref, "--reason", "no"])
    #expect(run.code == 1)
    #expect(run.errors.contains("nothing changed"))
    #expect(try session.file("claims-assistant") == before)
    #expect(try session.git(["rev-parse", "HEAD"]) == head)
  }
}
