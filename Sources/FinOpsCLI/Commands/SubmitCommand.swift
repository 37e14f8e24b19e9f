import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops submit`: the Product Owner's Add Workload wizard.
struct SubmitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "submit",
    abstract: "Submit a Business Request: a new workload, or an AI component for an existing one.",
    discussion: """
      On a terminal, asks for anything the flags leave out, in the wizard's three steps: use case, \
      estimate and details, review. In scripts, pass every value as a flag. --parent adds an AI \
      component to an existing workload: same owner, same product, same budget owner. \
      Pass DRAFT (WORKLOAD/ID of a draft) to submit a saved draft.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Argument(help: "A draft to submit, as WORKLOAD/ID.")
  var draft: String?

  @Option(help: "The workload's name.") var title: String?
  @Option(name: .customLong("use-case"), help: "infrastructure, coding-ai or operations-ai.")
  var useCase: UseCase?
  @Option(help: "developer-productivity, customer-support, automation or internal-tools.")
  var purpose: Purpose?
  @Option(help: "Where the application runs: \(Runtime.spellings.joined(separator: ", ")).")
  var runtime: Runtime?
  @Option(name: .customLong("team-size"), help: "People who will use or build on it.")
  var teamSize: Int?
  @Option(help: "Expected AI utilization, in your words.") var utilization: String?
  @Option(help: "Monthly budget estimate, in the repository currency.") var budget: String?
  @Option(help: "The E4 product the workload belongs to (new workloads only).") var product: String?
  @Option(name: .customLong("value-type"), help: "cost-saving or revenue-driving.")
  var valueType: ValueType?
  @Option(help: "Current annual baseline the business case is measured against.")
  var baseline: String?
  @Option(name: .customLong("target-percent"), help: "Targeted saving or growth, in percent.")
  var targetPercent: String?
  @Option(help: "The workload's file name (default: from the title).") var slug: String?
  @Option(name: .customLong("description-file"), help: "Markdown for the workload's description.")
  var descriptionFile: String?
  @Flag(name: .customLong("draft"), help: "Save as a draft instead of submitting.")
  var saveDraft = false
  @Option(help: "Add an AI component to this existing workload.") var parent: String?


  func validate() throws {
    if parent != nil && (product != nil || slug != nil || title != nil) {
      throw ValidationError("--parent adds a component to an existing workload: drop --title, --slug and --product")
    }
  }

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let actor = try workspace.actor()
    guard actor.personas.contains(.productOwner) else {
      throw Failure("\(actor.name) <\(actor.email)> is not a Product Owner in finops.yml; only Product Owners submit requests")
    }
    if let draft {
      let (document, component) = try workspace.resolve(draft)
      guard component.status == .draft else {
        throw Failure("\(draft) is \(component.status.rawValue), not a draft" + (component.status == .changesRequested ? "; use finops resubmit \(draft)" : ""))
      }
      var request = component.request
      try overrides(&request, configuration: workspace.configuration)
      try workspace.perform(.submit(request), on: document, workload: document.workload, componentID: component.id)
      return
    }
    let wizard = Wizard(command: self, workspace: workspace)
    let answers = try wizard.run()
    let now = try workspace.now()
    // git checks the file for uncommitted changes while every workload file is read for the ids
    // in use: the two are the slowest steps of a submit, and independent.
    if let parent = answers.parent {
      let document = try workspace.document(parent)
      let changes = try? workspace.git.changesCheck(document.path)
      let used = ComponentIDs.inUse(workspace.repository)
      let id = ComponentIDs.next(seed: "\(parent)|\(now)|\(document.workload.components.count)", avoiding: used)
      try workspace.perform(
        answers.action, on: document, workload: document.workload, componentID: id, changes: changes)
      context.output.line(Self.nextStep(answers.save, reference: "\(parent)/\(id)"))
      return
    }
    // One walk of workloads/ for both the free slug and the ids in use.
    let paths = try workspace.repository.unsortedWorkloadPaths()
    let slug = try answers.slug(in: workspace, among: paths)
    let changes = try? workspace.git.changesCheck(
      Repository.newWorkloadPath(slug: slug, product: answers.product, configuration: workspace.configuration))
    let used = ComponentIDs.inUse(workspace.repository, paths: paths)
    let id = ComponentIDs.next(seed: "\(slug)|\(now)", avoiding: used)
    let workload = Workload(
      slug: slug, title: answers.title, owner: actor.email, product: answers.product, components: [])
    var body = "## What it does\n\n" + (answers.description ?? "Describe the workload for reviewers: the problem, who uses it, the data it handles, how success is measured.") + "\n"
    if let descriptionFile {
      let path = descriptionFile.hasPrefix("/") ? descriptionFile : context.currentDirectory + "/" + descriptionFile
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read --description-file \(descriptionFile)")
      }
      body = String(decoding: data, as: UTF8.self)
    }
    try workspace.perform(answers.action, on: nil, workload: workload, componentID: id, body: body, changes: changes)
    context.output.line(Self.nextStep(answers.save, reference: "\(slug)/\(id)"))
  }

  static func nextStep(_ draft: Bool, reference: String) -> String {
    draft
      ? "Saved as a draft. Submit it when ready: finops submit \(reference)"
      : "A FinOps Lead reviews it next (finops inbox lists it for them)."
  }

  /// Applies the request flags given on the command line to an existing request.
  func overrides(_ request: inout Request, configuration: Configuration) throws {
    if let useCase { request.useCase = useCase }
    if let purpose { request.purpose = purpose }
    if let runtime { request.runtime = runtime }
    if let teamSize { request.teamSize = teamSize }
    if let utilization { request.utilization = utilization }
    if let budget { request.monthlyBudget = try Parse.money(budget, "--budget") }
    if let valueType { request.businessCase.valueType = valueType }
    if let baseline { request.businessCase.annualBaseline = try Parse.money(baseline, "--baseline") }
    if let targetPercent { request.businessCase.targetPercent = try Parse.percent(targetPercent) }
  }
}

extension UseCase: ExpressibleByArgument {}
extension Purpose: ExpressibleByArgument {}
extension Runtime: ExpressibleByArgument {}
extension ValueType: ExpressibleByArgument {}
extension Platform: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {}
extension ImplementationStep: ExpressibleByArgument {}

/// Parsing of amounts and percentages given as flags or answers.
enum Parse {
  static func money(_ text: String, _ name: String) throws -> Money {
    let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")
    guard let money = Money(parsing: cleaned), money >= .zero else {
      throw ValidationError("\(name) is '\(text)'; give an amount such as 1200 or 1200.50")
    }
    return money
  }

  static func percent(_ text: String) throws -> Decimal {
    guard let value = ExactDecimal.parse(text.replacingOccurrences(of: "%", with: "")), value > 0,
      value <= 100
    else { throw ValidationError("--target-percent is '\(text)'; give a number above 0 and at most 100") }
    return value
  }
}
