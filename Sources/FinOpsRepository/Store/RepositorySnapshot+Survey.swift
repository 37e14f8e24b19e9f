import FinOpsCore
import Foundation

/// What a quick build (`finops build` after a build into the same folder) reads of a
/// repository: every workload file's fingerprints without decoding it, and only then the few
/// records it renders. `load` decodes every record and runs the rules across files.
extension RepositorySnapshot {
  /// `finops.yml` decoded and the price catalog checked (with what they gave), and every
  /// workload file listed and fingerprinted.
  public struct Survey: Sendable {
    public var configuration: Configuration?
    public var configurationDigest: ContentHash?
    public var diagnostics: [Diagnostic]
    /// Every workload file, sorted by path.
    public var files: [SurveyedFile]
    /// The cache's entries, and the present before any file was read (`WorkloadCache.now`),
    /// for a `load` that follows.
    var entries: Entries
    var readSince: Int64

    /// The cache's entries: one for each of `files`, in their order, when the cache held
    /// exactly those files (`WorkloadCache.entries(in:listed:)`), else by path.
    enum Entries: Sendable {
      case listed([WorkloadCache.Entry])
      case byPath([String: WorkloadCache.Entry])

      /// The entry of the file at `path`, `index` among the files.
      func entry(_ index: Int, path: String) -> WorkloadCache.Entry? {
        switch self {
        case .listed(let entries): entries[index]
        case .byPath(let entries): entries[path]
        }
      }
    }

    /// The cache's entries by path.
    var kept: [String: WorkloadCache.Entry] {
      switch entries {
      case .listed(let entries): Dictionary(zip(files.map(\.path), entries)) { first, _ in first }
      case .byPath(let entries): entries
      }
    }
  }

  /// One workload file's fingerprints, and what its record is read from.
  public struct SurveyedFile: Sendable {
    public var path: String
    /// The fingerprint of the file's text (`WorkloadDocument.digest`).
    public var digest: ContentHash
    /// The fingerprint of its front matter (`WorkloadDocument.recordDigest`).
    public var recordDigest: ContentHash
    /// Its status as it was listed (nil when it is no regular file).
    var status: FileStatus?
    /// Its place among the survey's files (where `Survey.entries` has its cache entry).
    var index: Int
    fileprivate var source: Source

    /// Whether the cache recognised the file unread, by its status.
    var isKept: Bool {
      if case .kept = source { return true }
      return false
    }

    /// Where the record is read from. The cache's entry is looked up again rather than held:
    /// ten thousand copies of it, each a string and two references retained, took a tenth of
    /// a survey.
    fileprivate enum Source: Sendable {
      /// Recognised unread by the cache (by the file's status).
      case kept
      /// Read: its text.
      case read(String)
      /// Not read (`survey` gives nil).
      case unreadable
    }
  }

  /// The configuration, the price catalog's problems and every workload file's fingerprints:
  /// a file `cache` recognises by its status (as `load` does) is not read; any other is read
  /// and its text and front matter fingerprinted, not decoded. Nil when a workload file cannot
  /// be read or has no front matter (`load` reports it).
  public static func survey(_ repository: Repository, cache: WorkloadCache) -> Survey? {
    // The cache file read, and its entries, while the files are listed (in memory already for
    // `finops serve`).
    typealias Read = (
      file: WorkloadCache.File?, parsed: WorkloadCache.Parsed?,
      resident: [String: WorkloadCache.Entry]?, now: Int64
    )
    var (front, read) = concurrently({ readConfigurationAndList(repository, statuses: true) }) { () -> Read in
      guard cache.resident == nil else { return (nil, nil, cache.load(), cache.now()) }
      let (file, now) = (cache.file(), cache.now())
      let parsed = file.flatMap { cache.parsed($0) }
      return (file, parsed, nil, now)
    }
    let (paths, statuses, readSince) = (front.paths, front.statuses, read.now)
    let kept: Survey.Entries
    if let file = read.file {
      // Taken out of `read`, so that `matched` names the entries in place instead of copying them.
      if let parsed = read.parsed.take(), let listed = cache.matched(consume parsed, listed: paths) {
        kept = .listed(listed)
      } else {
        kept = .byPath(cache.index(file))
      }
    } else {
      kept = .byPath(read.resident ?? [:])
    }
    let files = parallelMap(paths.count) { index -> SurveyedFile in
      let (path, listed) = (paths[index], statuses[index])
      let entry = kept.entry(index, path: path)
      if let entry, let status = entry.status, ExactText(entry.path) == ExactText(path), listed == status {
        return SurveyedFile(
          path: path, digest: entry.digest, recordDigest: entry.recordDigest, status: listed, index: index,
          source: .kept)
      }
      var file = SurveyedFile(
        path: path, digest: ContentHash(), recordDigest: ContentHash(), status: listed, index: index,
        source: .unreadable)
      guard case .success(let text) = repository.read(path) else { return file }
      file.digest = ContentHash(text)
      if let entry, entry.matches(path: path, digest: file.digest) {
        file.recordDigest = entry.recordDigest
      } else {
        guard case .success(let frontMatter) = FrontMatter.split(path: path, text: text) else { return file }
        file.recordDigest = ContentHash(frontMatter.yaml)
      }
      file.source = .read(text)
      return file
    }
    guard !files.contains(where: { if case .unreadable = $0.source { true } else { false } }) else { return nil }
    return Survey(
      configuration: front.configuration, configurationDigest: front.configurationDigest,
      diagnostics: front.diagnostics, files: files, entries: kept, readSince: readSince)
  }

  /// The documents of `files` (of `survey`), decoded as `load` decodes them, and what decoding
  /// and the rules that read `configuration` (whose text is fingerprinted
  /// `configurationDigest`) found in each; the rules across files do not run. A document whose
  /// record does not read again from the cache is decoded from its file.
  public static func decode(
    _ files: [SurveyedFile], of survey: Survey, in repository: Repository, configuration: Configuration,
    configurationDigest: ContentHash
  ) -> (documents: [WorkloadDocument], diagnostics: [Diagnostic]) {
    let validator = WorkloadValidator(configuration: configuration)
    let outcomes = parallelMap(files.count) { index -> (WorkloadDecoder.Outcome, [Diagnostic]?) in
      let file = files[index]
      var outcome: WorkloadDecoder.Outcome?
      var entry = survey.entries.entry(file.index, path: file.path)
      switch file.source {
      case .kept:
        outcome = entry.flatMap { WorkloadDecoder.outcome(path: file.path, unread: $0, in: repository) }
      case .read(let text):
        // The cache's entry for exactly this text, if any.
        if let kept = entry, kept.matches(path: file.path, digest: file.digest) {
          outcome = WorkloadDecoder.outcome(path: file.path, text: text, digest: file.digest, cached: kept)
        }
        if outcome == nil {
          outcome = WorkloadDecoder.decode(path: file.path, text: text, digest: file.digest, status: nil)
          entry = nil
        }
      case .unreadable:
        break
      }
      guard let outcome else {
        // A kept entry that does not read: the file itself is decoded.
        guard case .success(let text) = repository.read(file.path) else {
          return (WorkloadDecoder.Outcome(document: nil, diagnostics: []), nil)
        }
        let decoded = WorkloadDecoder.decode(path: file.path, text: text, digest: ContentHash(text), status: nil)
        return (decoded, decoded.partial.map { validator.validate($0.workload, map: $0.sourceMap) })
      }
      if let validation = entry?.validation, validation.configuration == configurationDigest {
        return (outcome, validation.diagnostics)
      }
      return (outcome, outcome.partial.map { validator.validate($0.workload, map: $0.sourceMap) })
    }
    var documents: [WorkloadDocument] = []
    var diagnostics: [Diagnostic] = []
    for (outcome, found) in outcomes {
      diagnostics += outcome.diagnostics + (found ?? [])
      if let document = outcome.document { documents.append(document) }
    }
    return (documents, diagnostics)
  }
}
