import FinOpsCore
import FinOpsRepository
import Foundation

/// Builds a synthetic repository whose records are valid by construction: every history is made
/// by `Lifecycle.apply`, every file by `WorkloadEncoder`.
struct CorpusGenerator {
  let seed: UInt64
  let businessUnits = 4, departments = 3, portfolios = 3, products = 4
  let owners = 60, leads = 10, engineers = 10
  let accounts = ["111122223333", "444455556666", "052891734610"]
  let regions = ["us-east-1", "us-west-2", "eu-west-1"]
  let models = [
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0",
    "amazon.nova-pro-v1:0", "amazon.nova-lite-v1:0",
  ]
  /// Approved in place of the `us.` profile in an EU Region, where it is not offered.
  let euProfile = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
  /// What finops.yml allows and the catalog prices.
  var offeredModels: [String] { models + [euProfile] }
  let words = [
    "claims", "support", "billing", "fraud", "underwriting", "onboarding", "search", "triage",
    "summaries", "assistant", "copilot", "routing", "review", "intake", "reports", "catalog",
  ]

  var productIDs: [String] {
    var ids: [String] = []
    for b in 0..<businessUnits {
      for d in 0..<departments {
        for p in 0..<portfolios {
          for x in 0..<products { ids.append("bu\(b)-d\(d)-p\(p)-x\(x)") }
        }
      }
    }
    return ids
  }

  func person(_ role: String, _ index: Int) -> Person {
    let persona: Persona =
      role == "po" ? .productOwner : role == "lead" ? .finopsLead : .cloudEngineer
    return Person(
      email: "\(role)\(index)@corp.example", name: "\(role.uppercased()) \(index)",
      personas: [persona])
  }

  /// Writes the repository and its cost exports (see `SpendGenerator`; `spendRows` rows in all
  /// when given, else weekly rows); with `history`, also a git repository whose commits are the
  /// transitions, one per step, authored by each persona (through `git fast-import`).
  func write(
    workloads count: Int, to directory: String, history: Bool = false, spendRows: Int? = nil
  ) throws {
    let root = URL(fileURLWithPath: directory)
    let folder = root.appendingPathComponent(Repository.workloadsFolder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("pricing"), withIntermediateDirectories: true)
    try Data(configuration().utf8).write(to: root.appendingPathComponent(Repository.configurationFile))
    try Data(catalog().utf8).write(to: root.appendingPathComponent("pricing/catalog.yml"))
    let importer = try history ? FastImport(directory: directory) : nil
    try importer?.commit(
      author: Person(email: "maintainer@corp.example", name: "Maintainer", personas: []),
      time: Timestamp(day: Day(year: 2025, month: 11, day: 30)!), message: "Governance repository\n",
      files: [
        (Repository.configurationFile, configuration()), ("pricing/catalog.yml", catalog()),
      ])
    var random = SeededRandom(state: seed)
    let products = productIDs
    var componentNumber = 0
    var callers: [SpendGenerator.Caller] = []
    var latest = Timestamp(day: Day(year: 2025, month: 12, day: 1)!)
    for number in 0..<count {
      var workload = Workload(
        slug: "\(random.pick(words))-\(random.pick(words))-\(number)",
        title: "Workload \(number): \(random.pick(words).capitalized) \(random.pick(words))",
        owner: person("po", number % owners).email, product: random.pick(products),
        components: [])
      let componentCount = random.int(0..<10) == 0 ? 2 : 1
      var time = Timestamp(day: Day(year: 2025, month: 12, day: 1)!).adding(
        seconds: Int64(number) * 2_400)
      let body = body(number, random: &random)
      let path = Repository.workloadsFolder + "/" + workload.product + "/" + workload.slug + ".md"
      for _ in 0..<componentCount {
        componentNumber += 1
        let id = Self.componentID(componentNumber)
        workload = try build(workload, id: id, time: &time, random: &random) { step, transition, actor, at in
          let text = WorkloadEncoder.file(step, keeping: nil) + body
          let reference = "\(step.slug)/\(id)"
          try importer?.commit(
            author: actor, time: at,
            message: "\(transition.rawValue): \(reference)\n\nFinops-Transition: \(transition.rawValue)\n"
              + "Finops-Component: \(reference)\nFinops-Persona: \(transition.persona.rawValue)\n",
            files: [(path, text)])
        }
      }
      latest = max(latest, time)
      callers += Self.callers(workload)
      let text = WorkloadEncoder.file(workload, keeping: nil) + body
      let productFolder = folder.appendingPathComponent(workload.product)
      try FileManager.default.createDirectory(at: productFolder, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: productFolder.appendingPathComponent(workload.slug + ".md"))
    }
    try importer?.finish()
    let spend = SpendGenerator(
      seed: seed, callers: callers, accounts: accounts, end: latest.day.adding(days: 1),
      rows: spendRows)
    _ = try spend.write(to: root)
  }

  /// The workload's claimed components, as callers that spend.
  static func callers(_ workload: Workload) -> [SpendGenerator.Caller] {
    workload.components.compactMap { component in
      guard let approval = component.approval, let claim = component.claim else { return nil }
      let retired = component.history.last { $0.transition == .retire }?.at
      return SpendGenerator.Caller(
        workload: workload.slug, component: component.id,
        roleName: component.roleName(slug: workload.slug), account: approval.account,
        region: approval.region, model: approval.model,
        weeklyInput: approval.estimate.inputTokens * 7 / 30,
        weeklyOutput: approval.estimate.outputTokens * 7 / 30, from: claim.at.day,
        until: retired.map { $0.day.adding(days: 1) })
    }
  }

  /// Prices for the corpus's models, so approvals can be priced.
  func catalog() -> String {
    var text = "currency: USD\nprices:\n"
    for model in offeredModels.sorted() {
      for region in regions.sorted()
      where InferenceGeography(modelID: model)?.includes(region: region) ?? true {
        text += "  - model: \(model)\n    region: \(region)\n    unit: 1M tokens\n"
        text += "    input: 3.00\n    output: 15.00\n"
      }
    }
    return text
  }

  /// A bijection from the component number to 4 characters of the id alphabet.
  static func componentID(_ number: Int) -> String {
    let alphabet = Identifiers.componentIDAlphabet
    let size = alphabet.count * alphabet.count * alphabet.count * alphabet.count
    var value = (number * 7919) % size
    var id = ""
    for _ in 0..<4 {
      id.append(alphabet[value % alphabet.count])
      value /= alphabet.count
    }
    return id
  }

  func build(
    _ workload: Workload, id: String, time: inout Timestamp, random: inout SeededRandom,
    step: (Workload, Transition, Person, Timestamp) throws -> Void
  ) throws -> Workload {
    let owner = person("po", Int(workload.owner.dropFirst(2).prefix { $0 != "@" }) ?? 0)
    let lead = person("lead", random.int(0..<leads))
    let engineer = person("eng", random.int(0..<engineers))
    let useCase = random.pick(UseCase.allCases)
    let request = Request(
      useCase: useCase, purpose: useCase.purposes.isEmpty ? nil : random.pick(useCase.purposes),
      runtime: random.pick(Runtime.allCases), teamSize: random.int(1..<80),
      utilization: "About \(random.int(1..<50)),000 requests a day, \(random.int(1..<4)),000 tokens each",
      monthlyBudget: Money(random.int(3..<150) * 100),
      businessCase: BusinessCase(
        valueType: random.pick(ValueType.allCases), annualBaseline: Money(random.int(5..<500) * 10_000),
        targetPercent: Decimal(random.int(5..<40))))
    let input = random.int(10..<400) * 1_000_000
    let output = input / random.int(3..<8)
    // Drawn in the order they always were, so a seed's corpus changes only where it has to.
    let picked = random.pick(models)
    let account = random.pick(accounts)
    let region = random.pick(regions)
    let model =
      InferenceGeography(modelID: picked)?.includes(region: region) == false ? euProfile : picked
    let approval = Approval(
      platform: .bedrock, model: model, account: account, region: region,
      estimate: Estimate(
        monthly: Money(Decimal(input) / 1_000_000 * 3 + Decimal(output) / 1_000_000 * 15),
        inputTokens: input, outputTokens: output),
      businessCaseAcknowledged: true, priority: random.int(0..<4) == 0 ? .priority : .normal,
      rationale: "Fits the workload's latency and accuracy needs at the lowest price tier.")
    var actions: [(Action, Person)] = []
    switch random.int(0..<20) {
    case 0: actions = [(.draft(request), owner)]
    case 1, 2: actions = [(.submit(request), owner)]
    case 3: actions = [(.submit(request), owner), (.requestChanges(reason: "Add token volumes."), lead)]
    case 4: actions = [(.submit(request), owner), (.reject(reason: "Duplicates an existing workload."), lead)]
    default:
      actions = [(.submit(request), owner), (.approve(approval), lead)]
      let stage = random.int(0..<10)
      let steps = stage < 2 ? stage : 3
      for step in ImplementationStep.allCases.prefix(steps) { actions.append((.completeStep(step), engineer)) }
      if stage >= 2 { actions.append((.implement, engineer)) }
      if stage >= 3 { actions.append((.claim, owner)) }
      if stage == 9 { actions.append((.retire(reason: "Replaced by a newer workload."), owner)) }
    }
    var result = workload
    for (action, actor) in actions {
      time = time.adding(seconds: Int64(random.int(600..<90_000)))
      switch Lifecycle.apply(action, toComponent: id, of: result, by: actor, at: time) {
      case .success(let next): result = next
      case .failure(let refusal): throw refusal
      }
      try step(result, action.transition, actor, time)
    }
    return result
  }

  func body(_ number: Int, random: inout SeededRandom) -> String {
    var text = "## What it does\n\n"
    for _ in 0..<3 {
      text += (0..<40).map { _ in random.pick(words) }.joined(separator: " ") + ".\n\n"
    }
    text += "| measure | today | target |\n|---|---|---|\n"
    text += "| handling time | \(random.int(5..<30)) min | \(random.int(1..<5)) min |\n"
    text += "\nSee [the runbook](https://wiki.example/workload-\(number)).\n"
    return text
  }

  func configuration() -> String {
    var text = "site:\n  title: Synthetic FinOps Center\ncurrency: USD\npeople:\n"
    for (role, total) in [("po", owners), ("lead", leads), ("eng", engineers)] {
      for index in 0..<total {
        let p = person(role, index)
        text += "  - email: \(p.email)\n    name: \(p.name)\n    personas: [\(p.personas[0].rawValue)]\n"
      }
    }
    text += "organization:\n  units:\n"
    for b in 0..<businessUnits {
      text += "    - id: bu\(b)\n      name: Business Unit \(b)\n      units:\n"
      for d in 0..<departments {
        text += "        - id: bu\(b)-d\(d)\n          name: Department \(b).\(d)\n          units:\n"
        for p in 0..<portfolios {
          text += "            - id: bu\(b)-d\(d)-p\(p)\n              name: Portfolio \(b).\(d).\(p)\n              units:\n"
          for x in 0..<products {
            text += "                - id: bu\(b)-d\(d)-p\(p)-x\(x)\n                  name: Product \(b).\(d).\(p).\(x)\n"
          }
        }
      }
    }
    text += "standards:\n  platforms: [bedrock]\n  accounts:\n"
    for (index, account) in accounts.enumerated() {
      text += "    - id: \"\(account)\"\n      name: account-\(index)\n"
    }
    text += "  regions: [\(regions.joined(separator: ", "))]\n"
    text += "  models: [\(offeredModels.joined(separator: ", "))]\n"
    text += "sla:\n  normal: 5\n  priority: 2\n  holidays: [2025-12-25, 2026-01-01]\n"
    text += "workloads:\n  folders: by-product\n"
    return text
  }
}

/// Streams commits into `git fast-import`: tens of thousands of commits in seconds.
final class FastImport {
  private let process = Process()
  private let input = Pipe()
  private var buffer = Data()

  init(directory: String) throws {
    let git = Process()
    git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    git.arguments = ["git", "init", "--quiet", "--initial-branch=main", directory]
    try git.run()
    git.waitUntilExit()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory, "fast-import", "--quiet"]
    process.standardInput = input
    try process.run()
  }

  func commit(author: Person, time: Timestamp, message: String, files: [(String, String)]) throws {
    let identity = "\(author.name) <\(author.email)> \(time.seconds) +0000"
    var text = "commit refs/heads/main\nauthor \(identity)\ncommitter \(identity)\n"
    text += "data \(message.utf8.count)\n\(message)\n"
    for (path, content) in files {
      text += "M 100644 inline \(path)\ndata \(content.utf8.count)\n\(content)\n"
    }
    buffer.append(contentsOf: Array((text + "\n").utf8))
    if buffer.count > 1 << 20 { flush() }
  }

  private func flush() {
    input.fileHandleForWriting.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func finish() throws {
    flush()
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "git fast-import failed"])
    }
  }
}
