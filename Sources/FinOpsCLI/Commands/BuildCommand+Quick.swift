import FinOpsCore
import FinOpsRepository
import FinOpsSite
import FinOpsSpend
import Foundation

// The quick path of `finops build`: after a build into the same folder, a build that finds
// nothing changed but some workloads' descriptions, the clock within the day, and the review
// queue's waiting times reads the records of those workloads and of the requests in review
// alone, makes their pages and the review queue, and leaves every other page as it is, with
// the new build time where it shows one (`BuildMemo`). At the first difference from what the
// last build's memo holds, the whole build runs.
extension BuildCommand {
  /// The memo file of the site folder `folder` (beside its page manifest).
  static func memoPath(_ repository: Repository, folder: String) -> String {
    repository.absolute("\(cacheFolder)/memo-\(ContentHash(folder).hex.prefix(16)).bin")
  }

  /// What a site workload is made from a document: its body read when a page shows it, if the
  /// load did not read the file.
  static func siteWorkload(_ document: WorkloadDocument, in repository: Repository) -> SiteWorkload {
    SiteWorkload(
      workload: document.workload,
      body: document.frontMatter.map { .text($0.body) }
        ?? .unread { [path = document.path, digest = document.digest] in
          try WorkloadDocument.body(of: path, digest: digest, in: repository)
        },
      path: document.path, digest: document.digest, recordDigest: document.recordDigest)
  }

  /// How a quick build ended.
  enum QuickOutcome {
    /// Built; what it prints (the problems found in the cost exports, as the build that read
    /// them printed them) to print.
    case built(Built, problems: [String])
    /// Not taken, having changed nothing in the site; what it found of the repository when it
    /// looked (`RepositorySnapshot.load` takes it instead of looking again), and the writer it
    /// opened on the site with the last build's manifest, unused (the whole build's to use or
    /// abandon).
    case notTaken(RepositorySnapshot.Survey?, SiteWriter? = nil)
  }

  /// The build, quickly, when the memo of the last build into `folder` shows that it can be
  /// (see above).
  static func quickBuild(
    _ workspace: Workspace, into target: String, folder: String, manifest: String, memoPath: String,
    stopwatch: inout Stopwatch, keep: (Any) -> Void, resident: Resident?
  ) -> QuickOutcome {
    let repository = workspace.repository
    guard FileManager.default.fileExists(atPath: memoPath) else { return .notTaken(nil) }
    // The last build's page manifest, then the memo, read while the repository is looked at
    // (what the survey finds serves the whole build, should the quick path not go on, and so
    // does the writer, whose look at the last build's pages has begun).
    let cache = WorkloadCache(path: repository.absolute(cacheFolder + "/workloads.bin"), resident: resident?.records)
    // The writer first: its look at the pages ahead is the longest of this stage's work.
    let (looked, (kept, opened)) = concurrently({ RepositorySnapshot.survey(repository, cache: cache) }) {
      () -> (BuildMemo?, SiteWriter?) in
      let writer = try? SiteWriter(output: target, manifest: manifest, lookAhead: true)
      guard let memo = BuildMemo.load(memoPath, target: folder), FileStatus(path: manifest) == memo.manifest else {
        return (nil, writer)
      }
      return (memo, writer)
    }
    stopwatch.lap("quick: the last build's memo and manifest read, every workload file looked at")
    // Until it is used, the writer goes to the whole build should this one stop; once used,
    // its staging folder goes unless the site is put in place.
    var (used, committed) = (false, false)
    defer { if used && !committed { opened?.abandon() } }
    guard let survey = looked else { return .notTaken(nil, opened) }
    guard let memo = kept, let writer = opened else { return .notTaken(survey, opened) }
    // The same executable, configuration, templates and workload files, each file's front
    // matter as it was.
    guard !survey.diagnostics.contains(where: { $0.severity == .error }),
      let configuration = survey.configuration, let configurationDigest = survey.configurationDigest,
      let identity = ContentHash.build(configuration: configurationDigest),
      let templates = try? templates(in: repository), let now = try? buildTime(workspace),
      SiteBuilder.keyBase(identity: identity, templates: templates).hex == memo.keyBase,
      survey.files.count == memo.workloads.count, BuildMemo.fingerprint(paths: survey.files.lazy.map(\.path)) == memo.paths
    else { return .notTaken(survey, writer) }
    // The same files, in the same order, each with its front matter as it was; those whose
    // text changed: the records read.
    var changed: [String: ContentHash] = [:]
    var next = memo
    var showSpend = false
    var reviewChanged = false
    for (index, (file, workload)) in zip(survey.files, memo.workloads).enumerated() {
      guard workload.recordDigest == file.recordDigest else { return .notTaken(survey, writer) }
      if workload.digest != file.digest {
        changed[file.path] = file.digest
        next.workloads[index].digest = file.digest
        showSpend = showSpend || workload.showsSpend
        reviewChanged = reviewChanged || workload.inReview
      }
    }
    // Every SLA as it was.
    guard memo.slasHold(at: now, policy: configuration.sla) else { return .notTaken(survey, writer) }
    // The review queue is made again when a description it shows changed, or a request's wait as
    // it shows it moved (at 1,000 requests in review, one does every few seconds): then the
    // records of every workload with a request in review are read too. Otherwise it is left as
    // it is, with the new time.
    let review = reviewChanged || !memo.queueHolds(at: now, calendar: configuration.sla.calendar)
    let read = zip(survey.files, memo.workloads).compactMap { file, workload in
      workload.digest != file.digest || (review && workload.inReview) ? file : nil
    }
    stopwatch.lap("quick: each file and SLA compared with the memo")
    // The same exports, read through the same day.
    let exports = SpendExportReader.exportFiles(root: repository.root)
    var report: SpendCache.Entry?
    if let spend = memo.spend {
      let digests = FileDigests(path: repository.absolute(cacheFolder + "/digests.bin"))
      defer { digests.save() }
      guard exports == spend.exports.map(\.path),
        zip(exports, spend.exports).allSatisfy({ digests.digest(repository.root + "/" + $0.0) == $0.1.digest }),
        now.day == memo.now.day
      else { return .notTaken(survey, writer) }
      let entryKey = SpendCache.entryKey(spend.key, through: now.day)
      // Read only for a page that shows it: the pages made are those of the workloads whose
      // files changed, and the review queue, which shows none (nor does a page without cards:
      // no report and a report without its cards give the same page).
      if showSpend {
        guard
          let entry = resident?.spend(key: entryKey)
            ?? SpendCache(folder: repository.absolute(cacheFolder)).load(key: entryKey)
        else { return .notTaken(survey, writer) }
        resident?.keep(spend: entry, key: entryKey)
        report = entry
      }
    } else if !exports.isEmpty {
      return .notTaken(survey, writer)
    }
    stopwatch.lap("quick: the spend report from the cache")
    let (documents, diagnostics) = RepositorySnapshot.decode(
      read, of: survey, in: repository, configuration: configuration, configurationDigest: configurationDigest)
    guard documents.count == read.count, !diagnostics.contains(where: { $0.severity == .error }) else {
      return .notTaken(survey, writer)
    }
    stopwatch.lap("quick: \(read.count) workload files read")
    // Every file the last build put in the site has its entry in the manifest.
    guard writer.previousCount == memo.files else { return .notTaken(survey, writer) }
    var input = SiteInput(
      configuration: configuration, workloads: documents.map { siteWorkload($0, in: repository) },
      templates: templates, now: now, identity: identity)
    input.reviewCount = memo.reviewCount
    let paths = Set(changed.keys)
    let made = Set(
      SiteBuilder.quickPaths(slugs: documents.lazy.filter { paths.contains($0.path) }.map(\.workload.slug), review: review))
    let times = Array(zip(SiteBuilder.timeForms(of: memo.now), SiteBuilder.timeForms(of: now)))
    // The feeds show no time: each is left only if kept under the key the memo has for them.
    let feeds = Dictionary(SiteBuilder.feedPaths(configuration).map { ($0, memo.feedsKey) }, uniquingKeysWith: { first, _ in first })
    // The builder made and the pages rendered while the other files are left in place: each of
    // those a look at the file's status, and a few bytes written for a page with the time.
    used = true
    let (rendered, carried) = concurrently({
      Result { () throws -> SiteBuilder in
        var builder = try SiteBuilder(input)
        if let report, let spend = memo.spend {
          // Only the pages of the workloads read show cards: with their titles.
          let titles = Dictionary(
            documents.map { ($0.workload.slug, $0.workload.title) }, uniquingKeysWith: { first, _ in first })
          builder.attach(spend: report.report.retitled(titles), key: spend.key)
        }
        try builder.buildQuick(into: writer, workloadsAt: paths, review: review)
        return builder
      }
    }) {
      writer.carry(except: made, times: times, keys: feeds)
    }
    guard case .success(let builder) = rendered, carried else { return .notTaken(survey) }
    keep(builder)
    stopwatch.lap("quick: render and write, the other files left in place")
    // The memo moves on: the new time, the changed files' fingerprints (above), and, once it
    // is written, the new manifest's status. It is encoded while the site is put in place.
    next.now = now
    let (put, body) = concurrently({ Result { try writer.commit() } }) { [next] in next.body }
    guard case .success = put else { return .notTaken(survey) }
    committed = true
    stopwatch.lap("quick: put in place, and the pages' keys kept")
    keep(writer)
    if let status = FileStatus(path: manifest) {
      next.manifest = status
      if (try? BuildMemo.save(body, manifest: status, to: memoPath, target: folder)) == nil { unlink(memoPath) }
    } else {
      unlink(memoPath)
    }
    let built = Built(
      count: memo.files, reused: writer.reused, redated: writer.redatedCount, workloads: survey.files.count,
      rows: writer.rows)
    // Left for the exit to drop, as the builder and writer are: freeing the survey, the cache
    // entries and both memos object by object took a twentieth of this path's CPU.
    keep((cache, survey, memo, next, documents, read))
    return .built(built, problems: memo.spend?.problems ?? [])
  }

  /// Keeps the memo of the build just put in place by `builder` (`BuildMemo`): the `files` it
  /// put in the site, the status of the `manifest` it wrote, the spend it showed (`plan`).
  /// Removes the last one when this build leaves none.
  static func keepMemo(
    _ builder: SiteBuilder, files: Int, manifest: String, at path: String, plan: SpendPlan?, problems: [String],
    target: String
  ) {
    var spend: BuildMemo.Spend?
    if let plan {
      // The exports as the report's key counted them (one written to since is another).
      guard let key = plan.key, plan.exportDigests.count == plan.files.count else {
        unlink(path)
        return
      }
      let exports = zip(plan.files, plan.exportDigests).map { BuildMemo.Export(path: $0, digest: $1) }
      spend = BuildMemo.Spend(key: key, exports: exports, problems: problems)
    }
    guard let status = FileStatus(path: manifest),
      let memo = builder.memo(files: files, manifest: status, spend: spend),
      (try? memo.save(to: path, target: target)) != nil
    else {
      unlink(path)
      return
    }
  }
}
