import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// A command's view of the governance repository: its root, git, configuration, the acting
/// person and the clock. Opening it validates `finops.yml`.
struct Workspace {
  let context: Context
  let repository: Repository
  let git: Git
  let configuration: Configuration

  /// Opens the repository named by `options` and decodes its configuration.
  init(_ options: RepositoryOptions, context: Context) throws {
    self.context = context
    repository = try options.open(in: context)
    git = Git(root: repository.root, environment: context.environment)
    guard case .success(let text) = repository.read(Repository.configurationFile) else {
      throw Failure("cannot read \(Repository.configurationFile)")
    }
    let outcome = ConfigurationDecoder.decode(path: Repository.configurationFile, text: text)
    guard let configuration = outcome.configuration else {
      throw Failure(diagnostics: outcome.diagnostics)
    }
    self.configuration = configuration
  }

  /// `FINOPS_NOW` when set (tests and demos pin the clock), else the system clock.
  func now() throws -> Timestamp {
    if let pinned = context.environment["FINOPS_NOW"] {
      guard let time = Timestamp(parsing: pinned) else {
        throw ValidationError("FINOPS_NOW is '\(pinned)', not an ISO 8601 time such as 2026-10-02T10:15:00Z")
      }
      return time
    }
    return Timestamp(seconds: Int64(Date().timeIntervalSince1970))
  }

  /// The person acting: git's author email, looked up on the roster.
  func actor() throws -> Person {
    guard let email = git.authorEmail() else {
      throw Failure(
        "no git author identity: set it with git config user.email you@example.com (or GIT_AUTHOR_EMAIL)")
    }
    guard let person = configuration.roster.person(email) else {
      throw Failure(
        "\(email) is not on the roster in finops.yml; ask a maintainer to add you under people:")
    }
    return person
  }

  /// Reads and decodes one workload by slug; its errors are a failure.
  func document(_ slug: String) throws -> WorkloadDocument {
    guard let path = try repository.path(ofWorkload: slug) else {
      let known = (try? repository.workloadPaths().map { WorkloadDecoder.slug(of: $0) }) ?? []
      throw Failure(
        "no workload '\(slug)' under \(Repository.workloadsFolder)/" + Suggestion.didYouMean(slug, in: known))
    }
    switch repository.read(path) {
    case .failure(let diagnostic): throw Failure(diagnostics: [diagnostic])
    case .success(let text):
      let outcome = WorkloadDecoder.decode(path: path, text: text)
      guard let document = outcome.document else { throw Failure(diagnostics: outcome.diagnostics) }
      return document
    }
  }

  /// Resolves `WORKLOAD/ID`, or `WORKLOAD` when it has one component.
  func resolve(_ reference: String) throws -> (WorkloadDocument, Component) {
    let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
    guard let slug = parts.first, !slug.isEmpty else {
      throw ValidationError("name a component as WORKLOAD/ID, or WORKLOAD when it has one component")
    }
    let document = try document(slug)
    let components = document.workload.components
    if parts.count == 2 {
      guard let component = components.first(where: { $0.id == parts[1] }) else {
        throw Failure(
          "\(slug) has no component '\(parts[1])'; it has "
            + components.map { "\(slug)/\($0.id) (\($0.status.rawValue))" }.joined(separator: ", "))
      }
      return (document, component)
    }
    guard components.count == 1, let only = components.first else {
      throw Failure(
        "\(slug) has \(components.count) components; name one: "
          + components.map { "\(slug)/\($0.id) (\($0.status.rawValue))" }.joined(separator: ", "))
    }
    return (document, only)
  }

  /// Validates the changed workload, writes it atomically and commits it as one transition by
  /// `actor`; on any failure the file is restored and nothing is committed.
  func commit(
    _ workload: Workload, componentID: String, transition: Transition, by actor: Person,
    at time: Timestamp, replacing document: WorkloadDocument?, body: String? = nil,
    changes pending: PendingChanges? = nil
  ) throws -> String {
    let path =
      document?.path
      ?? Repository.newWorkloadPath(slug: workload.slug, product: workload.product, configuration: configuration)
    let validator = WorkloadValidator(configuration: configuration)
    let problems = validator.validate(workload, map: SourceMap(path: path)).filter {
      $0.severity == .error
    }
    guard problems.isEmpty else {
      throw Failure(
        "refusing \(transition.rawValue): the result would not pass finops check",
        diagnostics: problems)
    }
    // `git status` fails outside a work tree: only then is it worth a second process to say so.
    let changed: Bool
    do {
      changed = try pending.flatMap { $0.path == path ? $0 : nil }?.hasChanges() ?? git.hasChanges(path)
    } catch where !git.isRepository {
      throw Failure("\(repository.root) is not a git repository; every transition is a commit (git init)")
    }
    if changed {
      throw Failure(
        "\(path) has uncommitted changes; commit or stash them first, so this transition is a commit of its own")
    }
    // The body and the file's conventions are kept; a document the build cache gave unread
    // (none reaches a transition today, which reads its file) has them read now.
    let frontMatter = try body.map(FrontMatter.init(newFileWithBody:)) ?? document.map { document in
      try document.frontMatter ?? WorkloadDocument.frontMatter(of: document.path, digest: document.digest, in: repository)
    }
    let text = WorkloadEncoder.file(workload, keeping: frontMatter)
    let absolute = repository.absolute(path)
    let original = FileManager.default.contents(atPath: absolute)
    try FileManager.default.createDirectory(
      atPath: (absolute as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try AtomicFile.write(text, to: absolute)
    let reference = "\(workload.slug)/\(componentID)"
    let message = """
      \(transition.rawValue): \(reference)

      Finops-Transition: \(transition.rawValue)
      Finops-Component: \(reference)
      Finops-Persona: \(transition.persona.rawValue)

      """
    do {
      try git.commit(
        path: path, new: original == nil, message: message, author: actor,
        date: context.environment["FINOPS_NOW"] == nil ? nil : time)
    } catch {
      git.unstage(path)
      if let original {
        try? AtomicFile.write(String(decoding: original, as: UTF8.self), to: absolute)
      } else {
        try? FileManager.default.removeItem(atPath: absolute)
      }
      throw Failure("the commit failed, so nothing changed: \(error)")
    }
    return (try? git.text(["rev-parse", "--short", "HEAD"])) ?? ""
  }

  /// Applies an action through the lifecycle and commits it; prints what happened.
  @discardableResult
  func perform(
    _ action: Action, on document: WorkloadDocument?, workload: Workload, componentID: String,
    body: String? = nil, changes: PendingChanges? = nil
  ) throws -> Workload {
    let actor = try actor()
    let time = try now()
    let next: Workload
    switch Lifecycle.apply(action, toComponent: componentID, of: workload, by: actor, at: time) {
    case .success(let result): next = result
    case .failure(let refusal): throw Failure(refusal.description)
    }
    let commit = try self.commit(
      next, componentID: componentID, transition: action.transition, by: actor, at: time,
      replacing: document, body: body, changes: changes)
    let status = next.component(componentID)?.status.rawValue ?? ""
    context.output.line(
      "\(action.transition.pastTense) \(workload.slug)/\(componentID): now \(status) (commit \(commit))")
    return next
  }
}

/// A command failure: a message, and diagnostics to print with it. Exits 1.
struct Failure: Error, CustomStringConvertible {
  var message: String
  var diagnostics: [Diagnostic]

  init(_ message: String = "", diagnostics: [Diagnostic] = []) {
    self.message = message
    self.diagnostics = diagnostics
  }

  var description: String {
    ([message.isEmpty ? nil : "error: " + message] + diagnostics.map(\.description))
      .compactMap { $0 }.joined(separator: "\n")
  }
}
