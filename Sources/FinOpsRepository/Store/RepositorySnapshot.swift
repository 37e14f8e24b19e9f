import FinOpsCore
import Foundation

/// Everything read from a repository in one pass: the configuration, every workload that decoded,
/// and every problem found on the way (load → parse → validate).
public struct RepositorySnapshot: Sendable {
  /// The configuration, nil when `finops.yml` has errors.
  public var configuration: Configuration?
  /// A fingerprint of the text `configuration` was decoded from (what caches key it by, so that
  /// a file saved during a build can never pass for the one decoded).
  public var configurationDigest: ContentHash?
  /// The workloads that decoded cleanly, sorted by path.
  public var documents: [WorkloadDocument]
  /// Every problem, sorted by location.
  public var diagnostics: [Diagnostic]
  /// How many workload files were read.
  public var fileCount: Int

  /// What a load starts from: `finops.yml` decoded (and its text's fingerprint), the price
  /// catalog checked against it, and the workload files listed, sorted (with the status of
  /// each as it was listed, when asked for; else none).
  struct Front {
    var diagnostics: [Diagnostic]
    var configuration: Configuration?
    var configurationDigest: ContentHash?
    var paths: [String]
    var statuses: [FileStatus?]
  }

  /// `Front`, read and listed; each file's status looked at as it is listed when `statuses`.
  static func readConfigurationAndList(_ repository: Repository, statuses: Bool) -> Front {
    var diagnostics: [Diagnostic] = []
    var configuration: Configuration?
    var configurationDigest: ContentHash?
    switch repository.read(Repository.configurationFile) {
    case .success(let text):
      configurationDigest = ContentHash(text)
      let outcome = ConfigurationDecoder.decode(path: Repository.configurationFile, text: text)
      configuration = outcome.configuration
      diagnostics += outcome.diagnostics
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
    }
    diagnostics += PriceCatalogFile.check(repository, configuration: configuration)
    var paths: [String] = []
    var found: [FileStatus?] = []
    do {
      if statuses {
        (paths, found) = try repository.workloadFiles()
      } else {
        paths = try repository.workloadPaths()
      }
    } catch {
      diagnostics.append(
        .error(
          SourceLocation(path: Repository.workloadsFolder, line: 1, column: 1),
          rule: "file.unreadable", "cannot list \(Repository.workloadsFolder)/: \(error)"))
    }
    return Front(
      diagnostics: diagnostics, configuration: configuration, configurationDigest: configurationDigest, paths: paths,
      statuses: found)
  }

  /// Loads, parses and validates the whole repository, decoding files in parallel. With a
  /// `cache`, a file whose text is the one a previous load decoded is read from the cache
  /// instead of decoded again, a file the file system says is unchanged since (and checked
  /// under the same configuration) is not even read, and the cache is brought up to date.
  /// With the `survey` of a quick build that did not go on (`survey(_:cache:)`, with the same
  /// cache), what it read and looked at is taken from it instead of read and looked at again.
  public static func load(
    _ repository: Repository, cache: WorkloadCache? = nil, survey: Survey? = nil
  ) -> RepositorySnapshot {
    // The cache's index is read while the configuration is decoded and the files are listed,
    // with the present as the file system tells it, before any file is read; or taken from the
    // survey a quick build made of the same repository with the same cache.
    let (front, (kept, readSince)) =
      survey.flatMap { survey in
        cache.map { _ in
          (
            Front(
              diagnostics: survey.diagnostics, configuration: survey.configuration,
              configurationDigest: survey.configurationDigest, paths: survey.files.map(\.path),
              statuses: survey.files.map(\.status)),
            (survey.kept, Optional(survey.readSince))
          )
        }
      }
      ?? concurrently({ readConfigurationAndList(repository, statuses: cache != nil) }) {
        (
          cache?.load() ?? [:],
          cache.map { $0.now() }
        )
      }
    var diagnostics = front.diagnostics
    let configuration = front.configuration
    let configurationDigest = front.configurationDigest
    let paths = front.paths
    // Whether a file read now could be recognised unread next time (last written two seconds
    // or more before this load began): a cache without its status is worth writing again.
    let recognisable: @Sendable (FileStatus?) -> Bool = { status in
      readSince.flatMap { present in status?.isSettled(at: present) } ?? false
    }
    // Each file's status as it was listed (with a cache).
    let listed = front.statuses.count == paths.count ? front.statuses : nil
    // The outcomes apart from how each was read: neither array copies the other's values (a
    // copy of a decoded record retains each of its strings and arrays, and releases them again).
    // The emails, model IDs and step names that every file repeats, held once.
    let strings = StringCache()
    let (read, decoded) = parallelMapPairs(paths.count) {
      index -> (WorkloadDecoder.Outcome, (cached: Bool, recognisable: Bool)) in
      let path = paths[index]
      // Unchanged since the cache kept it, by what the file system says (or said to the
      // survey), and checked under this configuration: the file is not read.
      if let entry = kept[path], let status = entry.status, let configurationDigest,
        entry.validation?.configuration == configurationDigest, ExactText(entry.path) == ExactText(path),
        survey?.files[index].isKept ?? (listed?[index] == status),
        let outcome = WorkloadDecoder.outcome(path: path, unread: entry, in: repository)
      {
        return (outcome, (true, false))
      }
      // What the file system says of the file before and after it is read, for the cache.
      let before = listed?[index] ?? nil
      switch repository.read(path) {
      case .success(let text):
        let status = before.flatMap { FileStatus(path: repository.absolute(path)) == $0 ? $0 : nil }
        // Fingerprinted only for a cache (its entries and the page keys of the build).
        let digest = cache == nil ? nil : ContentHash(text)
        if let digest, let entry = kept[path], entry.matches(path: path, digest: digest),
          var outcome = WorkloadDecoder.outcome(path: path, text: text, digest: digest, cached: entry)
        {
          outcome.document?.status = status
          return (outcome, (true, recognisable(status)))
        }
        let outcome =
          digest.map {
            WorkloadDecoder.decode(
              path: path, text: text, digest: $0, status: status, strings: strings)
          } ?? WorkloadDecoder.decode(path: path, text: text, strings: strings)
        return (outcome, (false, false))
      case .failure(let diagnostic): return (WorkloadDecoder.Outcome(document: nil, diagnostics: [diagnostic]), (false, false))
      }
    }
    var outcomes = read
    // The rules that read finops.yml, on every record; what they found in a record read from
    // the cache under the same configuration text is taken as it was kept.
    var found: [[Diagnostic]?] = Array(repeating: nil, count: outcomes.count)
    var revalidated = 0
    if let configuration {
      let validator = WorkloadValidator(configuration: configuration)
      let text = configurationDigest
      let results = parallelMap(outcomes.count) { [outcomes] index -> (diagnostics: [Diagnostic], kept: Bool) in
        // A record read from the cache always decoded: its kept findings are looked up before
        // the record is copied out for the rules.
        if decoded[index].cached, let text, let validation = kept[paths[index]]?.validation,
          validation.configuration == text
        {
          return (validation.diagnostics, true)
        }
        guard let partial = outcomes[index].partial else { return ([], false) }
        return (validator.validate(partial.workload, map: partial.sourceMap), false)
      }
      found = results.map { $0.diagnostics }
      revalidated = zip(decoded, results).count { $0.0.cached && !$0.1.kept }
    }
    // Rewriting the whole cache for an edit or two costs more than decoding those files again
    // next time: it is rewritten once the files decoded afresh, checked afresh (another
    // configuration), gone, or read though they could be recognised unread (just checked out
    // when the cache was written, say) are a sixteenth of them.
    // Only a file whose entry will keep the rules' findings (a configuration that decoded) can
    // be recognised unread next time: without one, writing its status again gains nothing.
    let fresh = zip(decoded, outcomes).count { !$0.0.cached && $0.1.document != nil } + revalidated
      + zip(decoded, found).count { $0.0.cached && $0.0.recognisable && $0.1 != nil }
    // Paths are unique: the kept entries not among them are gone.
    let gone = kept.isEmpty ? 0 : kept.count - paths.count { kept[$0] != nil }
    if let cache, fresh + gone > 0, kept.isEmpty || (fresh + gone) * 16 >= max(paths.count, 1) {
      let clean = zip(outcomes, found).compactMap { outcome, validation in
        outcome.document.map { ($0, outcome.diagnostics, validation) }
      }
      // Only entries that did read back are copied: one that did not is encoded afresh.
      var read: [String: WorkloadCache.Entry] = [:]
      for (path, result) in zip(paths, decoded) where result.cached { read[path] = kept[path] }
      // A cache that cannot be written only means decoding again next time.
      try? cache.store(clean, reused: read, configuration: configurationDigest, readSince: readSince ?? 0)
    }
    cache?.resident?.retain(paths)
    // The documents moved out of the outcomes, not copied; the records of files with errors
    // beside them, for the rules across files.
    var documents: [WorkloadDocument] = []
    documents.reserveCapacity(outcomes.count)
    var failed: [(workload: Workload, sourceMap: SourceMap)] = []
    for index in outcomes.indices {
      diagnostics += outcomes[index].diagnostics
      if let document = outcomes[index].document.take() {
        documents.append(document)
      } else if let partial = outcomes[index].partial {
        failed.append(partial)
      }
    }
    outcomes = []
    for list in found { diagnostics += list ?? [] }
    // The rules across files: CODEOWNERS and the duplicate slugs beside the duplicate ids, the
    // longest of the three, on a core of its own.
    let partials: @Sendable () -> [(workload: Workload, sourceMap: SourceMap)] = { [documents, failed] in
      documents.map { ($0.workload, $0.sourceMap) } + failed
    }
    let ((stale, slugs), ids) = concurrently(
      {
        let stale = configuration.flatMap { configuration in
          CodeOwners.check(repository, expected: {
            CodeOwners.render(configuration: configuration, workloads: partials().map { ($0.sourceMap.path, $0.workload) })
          })
        }
        return (stale, WorkloadValidator.duplicateSlugs(paths))
      },
      { WorkloadValidator.duplicateIDs(partials()) })
    diagnostics += slugs
    if let stale { diagnostics.append(stale) }
    diagnostics += ids
    return RepositorySnapshot(
      configuration: configuration, configurationDigest: configurationDigest, documents: documents,
      diagnostics: Diagnostic.sorted(diagnostics), fileCount: paths.count)
  }
}
