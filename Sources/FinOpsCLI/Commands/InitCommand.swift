import ArgumentParser
import FinOpsRepository
import Foundation

/// `finops init`: starts a new governance repository.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Start a governance repository: finops.yml, workloads/, a price catalog, CI workflows.",
    discussion: """
      Writes a commented finops.yml to edit first, an empty workloads/ folder, a starter \
      pricing/catalog.yml, the GitHub workflows that check and audit pull requests and publish the \
      site, and a README. The default templates are built into finops; add templates/NAME.mustache \
      only to change one. Existing files are left as they are. Runs git init when needed.
      """)

  @Argument(help: "The folder (default: the current one).")
  var directory: String?

  func run() throws {
    let context = Context.current
    let target = directory.map { $0.hasPrefix("/") ? $0 : context.currentDirectory + "/" + $0 }
      ?? context.currentDirectory
    let manager = FileManager.default
    if manager.fileExists(atPath: target + "/" + Repository.configurationFile) {
      throw Failure("\(target) already has a \(Repository.configurationFile); nothing was written")
    }
    try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
    var written: [String] = []
    for (path, content) in Scaffold.files.sorted(by: { $0.key < $1.key }) {
      let absolute = target + "/" + path
      if manager.fileExists(atPath: absolute) { continue }
      try manager.createDirectory(
        atPath: (absolute as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try AtomicFile.write(content, to: absolute)
      written.append(path)
    }
    let git = Git(root: target, environment: context.environment)
    if !git.isRepository {
      try git.run(["init", "--quiet"])
      written.append(".git/")
    }
    for path in written { context.output.line("  created \(path)") }
    context.output.line(
      """

      Next: edit finops.yml (people, organisation, standards), then commit it.
      Product Owners submit requests with: finops submit
      """)
  }
}
