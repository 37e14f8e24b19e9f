import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// The Add Workload wizard: three steps (use case; estimate and details; review). Values given
/// as flags are taken as they are; on a terminal the rest are asked for, each validated as it
/// is typed; in a script a missing value is a usage error naming the flag.
struct Wizard {
  let command: SubmitCommand
  let workspace: Workspace
  var prompter: Prompter { Prompter(context: workspace.context) }
  var interactive: Bool { workspace.context.isInteractive }
  /// Flags a script left out, collected so one error names them all.
  private let missing = MissingFlags()

  private final class MissingFlags {
    var names: [String] = []
  }

  init(command: SubmitCommand, workspace: Workspace) {
    self.command = command
    self.workspace = workspace
  }

  /// What the wizard collected.
  struct Answers {
    var title: String
    var product: String
    var request: Request
    var description: String?
    var save: Bool
    var explicitSlug: String?
    /// The workload a component is added to: --parent, or the one chosen on a terminal.
    var parent: String?

    var action: Action { save ? .draft(request) : .submit(request) }

    /// The file name: --slug, or one made from the title; must be free among `paths`, the
    /// workload files `Repository.unsortedWorkloadPaths` lists.
    func slug(in workspace: Workspace, among paths: [String]) throws -> String {
      let slug = explicitSlug ?? Slug.make(from: title)
      guard Identifiers.isSlug(slug) else {
        throw ValidationError(
          "'\(slug)' is not a usable workload slug (lowercase letters, digits, single hyphens, at most \(Identifiers.maximumSlugLength)); pass --slug")
      }
      if workspace.repository.path(ofWorkload: slug, among: paths) != nil {
        throw Failure(
          "a workload named '\(slug)' already exists; pass --slug, or add a component to it with --parent \(slug)")
      }
      return slug
    }
  }

  func run() throws -> Answers {
    do {
      return try collect()
    } catch is Prompter.Cancelled {
      throw Failure("cancelled; nothing was written")
    }
  }

  private func collect() throws -> Answers {
    let context = workspace.context
    let configuration = workspace.configuration
    var parent = try command.parent.map { try workspace.document($0) }
    // The wizard's two paths: a new workload, or AI capabilities added to one of the Product
    // Owner's (asked for when no flag already chose, and there is one to add to).
    if interactive, parent == nil, command.title == nil, command.product == nil, command.slug == nil {
      let email = try workspace.actor().email.lowercased()
      let owned = RepositorySnapshot.load(workspace.repository).documents.map(\.workload)
        .filter { $0.owner.lowercased() == email }
      if !owned.isEmpty {
        let existing = try prompter.choose(
          "Create a new workload, or add AI capabilities to an existing one?",
          [
            ("new", "Create a new workload", false),
            ("existing", "Add AI capabilities to an existing workload of yours", true),
          ])
        if existing {
          let slug = try prompter.choose(
            "Which workload?", owned.map { ($0.slug, "\($0.title) (\($0.slug))", $0.slug) })
          parent = try workspace.document(slug)
        }
      }
    }
    if interactive {
      context.output.line(
        parent.map { "Add AI capabilities to \($0.workload.title) (\($0.workload.slug))" } ?? "Add Workload")
      context.output.line("\nStep 1 of 3: use case")
    }
    let useCase = try value(command.useCase, flag: "--use-case") {
      try prompter.choose(
        "What kind of workload is this?",
        [
          ("infrastructure", "Infrastructure", UseCase.infrastructure),
          ("coding-ai", "Coding AI (developer productivity)", .codingAI),
          ("operations-ai", "Operations AI (customer support, automation, internal tools)", .operationsAI),
        ])
    }
    var purpose = command.purpose
    if let useCase, purpose == nil, !useCase.purposes.isEmpty {
      if useCase.purposes.count == 1 {
        purpose = useCase.purposes[0]
      } else {
        purpose = try value(nil, flag: "--purpose") {
          try prompter.choose(
            "What is it for?",
            useCase.purposes.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "-", with: " ").capitalized, $0) })
        }
      }
    }
    if interactive { context.output.line("\nStep 2 of 3: estimate and details") }
    var title = parent?.workload.title
    var product = parent?.workload.product
    if parent == nil {
      title = try value(command.title, flag: "--title") {
        try prompter.ask("Workload title") { text in
          text.isEmpty ? .failure(PromptError("give the workload a name")) : .success(text)
        }
      }
      product = try value(command.product, flag: "--product") {
        let organization = configuration.organization
        let products = organization.ids(atLevel: 4).map { id -> (String, String, String) in
          let path = (organization.path(to: id) ?? []).compactMap { organization.unit($0)?.name }
          return (id, path.joined(separator: " › "), id)
        }
        return try prompter.choose("Which product (\(organization.levelName(4))) does it belong to?", products)
      }
      if let product, configuration.organization.level(of: product) != 4 {
        throw ValidationError(
          "--product '\(product)' is not a \(configuration.organization.levelName(4)) in finops.yml"
            + Suggestion.didYouMean(product, in: configuration.organization.ids(atLevel: 4)))
      }
    }
    let runtime = try value(command.runtime, flag: "--runtime") {
      try prompter.choose(
        "Which runtime does your application use? (FinOps Center writes the IAM trust policy from it)",
        Runtime.allCases.map { ($0.rawValue, $0.title, $0) })
    }
    let teamSize = try value(command.teamSize, flag: "--team-size") {
      try prompter.ask("Team size (people using or building on it)") { text in
        guard let number = Int(text), number >= 1 else { return .failure(PromptError("a whole number, 1 or more")) }
        return .success(number)
      }
    }
    let utilization = try value(command.utilization, flag: "--utilization") {
      try prompter.ask(
        "Expected AI utilization, in your words", help: "For example: 2,000 claim summaries a day, about 1,500 words each"
      ) { text in text.isEmpty ? .failure(PromptError("describe the expected use")) : .success(text) }
    }
    let budget = try value(try command.budget.map { try Parse.money($0, "--budget") }, flag: "--budget") {
      try prompter.ask("Monthly budget estimate (\(configuration.currency))") { text in
        Result { try Parse.money(text, "the budget") }.mapError { _ in PromptError("an amount such as 1200 or 1200.50") }
      }
    }
    let valueType = try value(command.valueType, flag: "--value-type") {
      try prompter.choose(
        "Business case: what value does it bring?",
        [("cost-saving", "Cost Saving", ValueType.costSaving), ("revenue-driving", "Revenue Driving", .revenueDriving)])
    }
    let baseline = try value(try command.baseline.map { try Parse.money($0, "--baseline") }, flag: "--baseline") {
      try prompter.ask("Current annual baseline (\(configuration.currency) per year)") { text in
        Result { try Parse.money(text, "the baseline") }.mapError { _ in PromptError("an amount such as 480000") }
      }
    }
    let target = try value(try command.targetPercent.map { try Parse.percent($0) }, flag: "--target-percent") {
      try prompter.ask("Target (percent of the baseline)") { text in
        Result { try Parse.percent(text) }.mapError { _ in PromptError("a number above 0 and at most 100") }
      }
    }
    if !missing.names.isEmpty {
      throw ValidationError(
        "missing \(missing.names.joined(separator: ", ")) (run finops submit on a terminal to be asked for them)")
    }
    guard let useCase, let runtime, let teamSize, let utilization, let budget, let valueType,
      let baseline, let target, let title, let product
    else { throw ValidationError("missing values") }
    let businessCase = BusinessCase(valueType: valueType, annualBaseline: baseline, targetPercent: target)
    let request = Request(
      useCase: useCase, purpose: purpose, runtime: runtime, teamSize: teamSize,
      utilization: utilization, monthlyBudget: budget, businessCase: businessCase)
    if let purpose, !useCase.purposes.contains(purpose) {
      throw ValidationError(
        "--purpose \(purpose.rawValue) does not fit --use-case \(useCase.rawValue); use "
          + (useCase.purposes.isEmpty ? "no purpose" : useCase.purposes.map(\.rawValue).joined(separator: " or ")))
    }
    let currency = configuration.currency
    let opportunity = businessCase.annualOpportunity.display(currency)
    var save = command.saveDraft
    var description: String?
    if interactive {
      context.output.line("  Declared annual opportunity: \(opportunity) (\(baseline.display(currency)) × \(ExactDecimal.format(target, minimumFractionDigits: 0))%)")
      if parent == nil && command.descriptionFile == nil {
        description = try prompter.ask("One paragraph for reviewers: what it does and for whom (optional)") { .success($0) }
        if description?.isEmpty == true { description = nil }
      }
      context.output.line("\nStep 3 of 3: review")
      let rows: [(String, String)] = [
        ("Workload", parent.map { "\($0.workload.title) (adds an AI component)" } ?? title),
        ("Product", product),
        ("Use case", useCase.title + (purpose.map { " — \($0.rawValue)" } ?? "")),
        ("Runtime", runtime.title),
        ("Team size", String(teamSize)),
        ("Utilization", utilization),
        ("Monthly budget", budget.display(currency)),
        ("Business case", "\(valueType.title): \(ExactDecimal.format(target, minimumFractionDigits: 0))% of \(baseline.display(currency)) a year"),
        ("Declared annual opportunity", opportunity),
      ]
      for (label, value) in rows {
        context.output.line("  " + label.padding(toLength: 28, withPad: " ", startingAt: 0) + value)
      }
      if !save {
        let submit = try prompter.confirm("Submit this Business Request to the FinOps Lead?", default: true)
        if !submit {
          save = try prompter.confirm("Save it as a draft instead?", default: true)
          if !save { throw Prompter.Cancelled() }
        }
      }
    }
    return Answers(
      title: title, product: product, request: request, description: description, save: save,
      explicitSlug: command.slug, parent: parent?.workload.slug)
  }

  /// The flag's value; else, on a terminal, the answer to `ask`; else notes the flag as missing.
  private func value<T>(_ given: T?, flag: String, ask: () throws -> T) throws -> T? {
    if let given { return given }
    if interactive { return try ask() }
    missing.names.append(flag)
    return nil
  }
}

/// Slugs made from titles.
enum Slug {
  /// Lowercase ASCII words joined by hyphens, cut at a word boundary to the slug limit.
  static func make(from title: String) -> String {
    let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    var words: [String] = []
    var current = ""
    for scalar in folded.unicodeScalars {
      if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
        current.unicodeScalars.append(scalar)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    var slug = ""
    for word in words {
      let candidate = slug.isEmpty ? word : slug + "-" + word
      if candidate.count > Identifiers.maximumSlugLength { break }
      slug = candidate
    }
    return slug
  }
}
