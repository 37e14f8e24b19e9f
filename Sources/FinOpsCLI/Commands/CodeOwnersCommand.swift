import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops codeowners`: CODEOWNERS from the roster.
struct CodeOwnersCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codeowners",
    abstract: "Print (or --write) .github/CODEOWNERS generated from finops.yml and the workloads.",
    discussion: """
      FinOps Leads own finops.yml, pricing/ and .github/; each workload file is owned by its \
      Product Owner and the FinOps Leads. finops check warns when the committed file is stale. \
      Emails must be verified on the reviewers' GitHub accounts for GitHub to match them.
      """)

  @OptionGroup var repository: RepositoryOptions
  @Flag(help: "Write .github/CODEOWNERS instead of printing it.") var write = false

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let snapshot = RepositorySnapshot.load(workspace.repository)
    let text = CodeOwners.render(
      configuration: workspace.configuration,
      workloads: snapshot.documents.map { (path: $0.path, workload: $0.workload) })
    guard write else {
      context.output.write(text)
      return
    }
    let path = workspace.repository.absolute(CodeOwners.path)
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try AtomicFile.write(text, to: path)
    context.errors.line("wrote \(CodeOwners.path); commit it")
  }
}
