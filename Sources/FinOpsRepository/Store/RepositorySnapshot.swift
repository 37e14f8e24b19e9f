import FinOpsCore
import Foundation

/// Everything read from a repository in one pass: the configuration, every workload that decoded,
/// and every problem found on the way (load → parse → validate).
public struct RepositorySnapshot: Sendable {
  /// The configuration, nil when `finops.yml` has errors.
  public var configuration: Configuration?
  /// The workloads that decoded cleanly, sorted by path.
  public var documents: [WorkloadDocument]
  /// Every problem, sorted by location.
  public var diagnostics: [Diagnostic]
  /// How many workload files were read.
  public var fileCount: Int

  /// Loads, parses and validates the whole repository, decoding files in parallel.
  public static func load(_ repository: Repository) -> RepositorySnapshot {
    var diagnostics: [Diagnostic] = []
    var configuration: Configuration?
    switch repository.read(Repository.configurationFile) {
    case .success(let text):
      let outcome = ConfigurationDecoder.decode(path: Repository.configurationFile, text: text)
      configuration = outcome.configuration
      diagnostics += outcome.diagnostics
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
    }
    diagnostics += PriceCatalogFile.check(repository, configuration: configuration)
    let paths: [String]
    do {
      paths = try repository.workloadPaths()
    } catch {
      diagnostics.append(
        .error(
          SourceLocation(path: Repository.workloadsFolder, line: 1, column: 1),
          rule: "file.unreadable", "cannot list \(Repository.workloadsFolder)/: \(error)"))
      paths = []
    }
    let outcomes = parallelMap(paths.count) { index -> WorkloadDecoder.Outcome in
      switch repository.read(paths[index]) {
      case .success(let text):
        var outcome = WorkloadDecoder.decode(path: paths[index], text: text)
        outcome.document?.digest = ContentHash(text)
        return outcome
      case .failure(let diagnostic): return WorkloadDecoder.Outcome(document: nil, diagnostics: [diagnostic])
      }
    }
    let documents = outcomes.compactMap(\.document)
    for outcome in outcomes { diagnostics += outcome.diagnostics }
    if let configuration {
      let validator = WorkloadValidator(configuration: configuration)
      let found = parallelMap(outcomes.count) { index in
        outcomes[index].partial.map { validator.validate($0.workload, map: $0.sourceMap) } ?? []
      }
      for list in found { diagnostics += list }
    }
    diagnostics += WorkloadValidator.duplicateSlugs(paths)
    if let configuration,
      let stale = CodeOwners.check(repository, expected: {
        CodeOwners.render(
          configuration: configuration,
          workloads: outcomes.compactMap(\.partial).map { ($0.sourceMap.path, $0.workload) })
      })
    {
      diagnostics.append(stale)
    }
    diagnostics += WorkloadValidator.duplicateIDs(outcomes.compactMap(\.partial))
    return RepositorySnapshot(
      configuration: configuration, documents: documents,
      diagnostics: Diagnostic.sorted(diagnostics), fileCount: paths.count)
  }
}
