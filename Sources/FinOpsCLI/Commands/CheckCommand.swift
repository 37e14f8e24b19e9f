import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops check`: validates every workload file and finops.yml.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate every workload file and finops.yml; exit 1 on any error.",
    discussion: """
      Reports every problem in one run as path:line:col: error: [rule-id] message. \
      --format github prints workflow commands that GitHub shows as inline annotations. \
      Workload files unchanged since the last check or build are read from the records kept in \
      .finops-cache/ with what the rules found in them (keyed by each file's text and by the \
      text of finops.yml); the rules across files run every time. --no-cache decodes and \
      checks every file afresh.
      """
  )

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "Output format: text, github or json.")
  var format: DiagnosticFormat = .text

  @Flag(help: "Neither read nor write the decoded workload records in .finops-cache/.")
  var noCache = false

  func run() throws {
    let context = Context.current
    let repository = try self.repository.open(in: context)
    let cache = noCache ? nil : WorkloadCache(path: repository.absolute(BuildCommand.cacheFolder + "/workloads.bin"))
    let snapshot = RepositorySnapshot.load(repository, cache: cache)
    context.output.write(format.render(snapshot.diagnostics, files: snapshot.fileCount))
    let errors = snapshot.diagnostics.filter { $0.severity == .error }.count
    let warnings = snapshot.diagnostics.filter { $0.severity == .warning }.count
    if format != .json {
      context.errors.line(
        "checked \(snapshot.fileCount) workload file\(snapshot.fileCount == 1 ? "" : "s"): "
          + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    }
    if errors > 0 { throw ExitCode(1) }
  }
}

extension RepositoryOptions {
  /// The repository named by `--root`, or found above the current folder.
  func open(in context: Context) throws -> Repository {
    if let root {
      let path = root.hasPrefix("/") ? root : context.currentDirectory + "/" + root
      guard FileManager.default.fileExists(atPath: path + "/" + Repository.configurationFile) else {
        throw ValidationError("\(root) has no \(Repository.configurationFile)")
      }
      return Repository(root: URL(fileURLWithPath: path).standardizedFileURL.path)
    }
    guard let found = Repository.find(from: context.currentDirectory) else {
      throw ValidationError(
        "no \(Repository.configurationFile) here or in any parent folder; run finops inside a governance repository or pass --root"
      )
    }
    return found
  }
}
