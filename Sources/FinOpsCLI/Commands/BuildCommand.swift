import ArgumentParser
import FinOpsCore
import FinOpsRepository
import FinOpsSite
import FinOpsSpend
import Foundation

/// `finops build`: renders the repository into a static site.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Render the dashboards, review queue, workload pages, Spaces, feeds and JSON export.",
    discussion: """
      Runs every finops check rule first and refuses to write when there are errors. Pages are \
      rendered into a temporary folder and put in place only once all are made, so a build that \
      fails leaves the old site as it was and no file is ever half-written (should moving them \
      in fail part way, each file is whole and the next build completes the site). Pages use the built-in \
      templates, overridden file by file by templates/*.mustache and templates/assets/. The clock \
      is FINOPS_NOW or SOURCE_DATE_EPOCH when set (reproducible builds), else the system clock. \
      The spend report, the decoded workload files, the exports' fingerprints and the keys of \
      the pages are kept in .finops-cache/; each is used again only while what it was made from \
      is unchanged (keyed by content; a file whose inode, size and times are as they were when \
      it was read more than two seconds after it was written is taken to be unchanged, as git's \
      index takes it). A build after one into the same folder leaves unchanged \
      pages where they are, copies a page whose only change is the build time it shows with the \
      new time written in, moves the new ones in and removes what it did not make; when nothing \
      but descriptions, the clock within the day and the review queue's waiting times changed \
      (the memo it checks is kept beside the manifest), it reads and makes only the pages of \
      the workloads whose files changed and the review queue. --no-cache builds without the \
      cache.
      """)

  @OptionGroup var repository: RepositoryOptions

  @Option(help: "The output folder, relative to the repository root.")
  var output = "site"

  @Flag(help: "Print how long each stage took, and the peak memory, to standard error.")
  var timings = false

  @Flag(help: "Neither read nor write the build cache (.finops-cache/ in the repository).")
  var noCache = false

  func run() throws {
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let target = output.hasPrefix("/") ? output : workspace.repository.absolute(output)
    var stopwatch = Stopwatch()
    // The process ends with the build: what the build held is left for the exit to drop,
    // instead of freed object by object (a tenth of a build after one edit, on one core).
    let files = try Self.build(workspace, into: target, cache: !noCache, stopwatch: &stopwatch, keep: ExitKeeps.keep)
    context.errors.line("built \(files.count) files\(files.unchanged) for \(files.workloads) workloads into \(output)/")
    if timings {
      context.errors.line(stopwatch.report())
      if files.rows.rendered > 0 {
        context.errors.line("rows of the pages rendered: \(files.rows.copied) of \(files.rows.rendered) copied from the last build")
      }
    }
  }

  /// Checks, renders and writes the site; returns what it wrote.
  static func build(_ workspace: Workspace, into target: String, cache: Bool = true) throws -> Built {
    var stopwatch = Stopwatch()
    return try build(workspace, into: target, cache: cache, stopwatch: &stopwatch)
  }

  /// What a build wrote.
  struct Built {
    /// Files in the site.
    var count: Int
    /// Of them, pages taken unchanged from the previous build.
    var reused: Int
    /// And pages copied from it with the new build time.
    var redated: Int
    /// Workloads.
    var workloads: Int
    /// The rows of the lists of the pages rendered, and how many were copied from the last
    /// build's files.
    var rows = (rendered: 0, copied: 0)

    /// " (N unchanged since the last build)", or "" when nothing was.
    var unchanged: String {
      reused + redated == 0
        ? ""
        : redated == 0
          ? " (\(reused) unchanged since the last build)"
          : " (\(reused) unchanged and \(redated) only re-dated since the last build)"
    }
  }

  /// Checks, renders and writes the site, timing each stage; returns what it wrote. With the
  /// cache, the spend report and the unchanged workload pages come from the previous build.
  /// `keep` is handed what the build held (the builder: the workloads, the report, every
  /// component's facts) before it returns; without it all is freed.
  /// With `resident`, what the cache held is also kept in memory for the next build that is
  /// handed the same `resident` (`finops serve`).
  static func build(
    _ workspace: Workspace, into target: String, cache: Bool, stopwatch: inout Stopwatch,
    keep: (Any) -> Void = { _ in }, resident: Resident? = nil
  ) throws -> Built {
    let context = workspace.context
    // One build at a time per repository (`finops serve` and a build by hand, say): each may
    // read what the other writes, and a site is updated in place. The lock file is no cache
    // entry: a build without the cache takes it too.
    let lock = BuildLock(workspace.repository.absolute(cacheFolder + "/build.lock")) {
      context.errors.line("waiting for another finops build of this repository to finish…")
    }
    defer { lock.release() }
    // One manifest per output folder, so that builds into different folders (serve's and a
    // release build's) each keep theirs; the memo of the build that wrote it beside it.
    let folder = URL(fileURLWithPath: target).standardizedFileURL.path
    let manifest = workspace.repository.absolute("\(cacheFolder)/pages-\(ContentHash(folder).hex.prefix(16)).bin")
    let memo = memoPath(workspace.repository, folder: folder)
    var survey: RepositorySnapshot.Survey?
    // The quick path's writer, unused: taken for the site below, else abandoned.
    var spare: SiteWriter?
    defer { spare?.abandon() }
    if cache {
      switch quickBuild(
        workspace, into: target, folder: folder, manifest: manifest, memoPath: memo, stopwatch: &stopwatch, keep: keep,
        resident: resident)
      {
      case .built(let built, let problems):
        for problem in problems { context.errors.line(problem) }
        return built
      case .notTaken(let looked, let opened): (survey, spare) = (looked, opened)
      }
    }
    let snapshot = RepositorySnapshot.load(
      workspace.repository,
      cache: cache
        ? WorkloadCache(path: workspace.repository.absolute(cacheFolder + "/workloads.bin"), resident: resident?.records)
        : nil,
      survey: survey)
    stopwatch.lap("load and check")
    let errors = snapshot.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty {
      for diagnostic in snapshot.diagnostics { context.output.line(diagnostic.description) }
      throw Failure("not building: finops check found \(errors.count) error\(errors.count == 1 ? "" : "s")")
    }
    guard let configuration = snapshot.configuration else { throw Failure("finops.yml did not load") }
    let templates = try templates(in: workspace.repository)
    let now = try buildTime(workspace)
    let workloads = snapshot.documents.map(\.workload)
    let repository = workspace.repository
    // The executable and the configuration text decoded above: part of every cache key.
    let base = cache ? snapshot.configurationDigest.flatMap { ContentHash.build(configuration: $0) } : nil
    let plan = planSpend(
      repository, workloads: workloads, through: now.day,
      cache: base.map { (SpendCache(folder: repository.absolute(cacheFolder)), $0) })
    // A report kept for exactly these inputs is read while the facts are derived (which do not
    // read it); one to make is made first, before the facts take their memory.
    let kept = plan.flatMap { plan in
      plan.entryKey.flatMap { key in
        resident?.spend(key: key) != nil || plan.cache?.holds(key: key) == true ? key : nil
      }
    }
    // A report to make starts with the attribution's index of every approved component's role:
    // made on a thread of its own (a few dozen milliseconds at 10,000 workloads) while the
    // site's workloads are gathered and what the load decoded is let go.
    let attribution =
      plan == nil || kept != nil
      ? nil : Eventually { Attribution(workloads: workloads, configuration: configuration) }
    var input = SiteInput(
      configuration: configuration,
      // A file the cache recognised unread is read when a page shows its description.
      workloads: parallelMap(snapshot.documents.count) { [documents = snapshot.documents] index in
        siteWorkload(documents[index], in: repository)
      },
      templates: templates, now: now, identity: base)
    // The records are the input's now. What else the load decoded is dropped at the exit of a
    // one-shot build rather than here, on the core that goes on to derive, when it is little
    // more than the records (the files recognised unread, after an edit or two); the text of
    // files read is freed now (a full build's peak of memory comes later).
    if snapshot.documents.count(where: { $0.frontMatter != nil }) * 16 <= snapshot.documents.count {
      keep(snapshot)
    }
    // What the exports' problems were, printed: a quick build prints them again.
    var spendProblems: [String] = []
    func makeReport(_ plan: SpendPlan) -> (report: SpendReport, key: String?) {
      let made = makeSpend(
        plan, root: repository.root, workloads: workloads, configuration: configuration, through: now.day,
        context: context, stopwatch: &stopwatch, attribution: attribution?.take())
      spendProblems = made.problems
      return (made.report, made.key)
    }
    if let plan, kept == nil { (input.spend, input.spendKey) = makeReport(plan) }
    // The last build's page manifest is read while the facts are derived too (unless the quick
    // path read it).
    let taken = spare.take()
    if base == nil { taken?.abandon() }
    let opened = base == nil ? nil : taken
    let (derived, (made, entry)) = concurrently({ [input] in Result { try SiteBuilder(input) } }) {
      (
        Result { try opened ?? SiteWriter(output: target, manifest: base == nil ? nil : manifest) },
        kept.flatMap { key in
          resident?.spend(key: key)
            ?? plan?.cache?.load(key: key).map { entry in
              resident?.keep(spend: entry, key: key)
              return entry
            }
        }
      )
    }
    let writer = try made.get()
    if base != nil { pruneManifests(in: repository.absolute(cacheFolder), keeping: [manifest, memo]) }
    let count: Int
    do {
      var builder = try derived.get()
      if let plan, kept != nil {
        if let entry {
          for problem in entry.problems { context.errors.line(problem) }
          spendProblems = entry.problems
          // Kept whatever the workloads' titles (`SpendCache.key`): shown with today's.
          let titles = Dictionary(workloads.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
          builder.attach(spend: entry.report.retitled(titles), key: plan.key)
          stopwatch.lap("derive, and the spend report from the cache")
        } else {
          // The kept report did not read after all (a damaged file): it is made.
          stopwatch.lap("derive")
          let (report, key) = makeReport(plan)
          builder.attach(spend: report, key: key)
        }
      } else {
        stopwatch.lap("derive")
      }
      keep(builder)
      count = try builder.build(into: writer)
      stopwatch.lap("render and write")
      try writer.commit()
      if base != nil {
        keepMemo(
          builder, files: count, manifest: manifest, at: memo, plan: plan, problems: spendProblems, target: folder)
      }
      stopwatch.lap("put in place, and the pages' keys kept")
      keep((writer, entry as Any, workloads, plan as Any))
    } catch let error as TemplateError {
      writer.abandon()
      throw Failure(error.description)
    } catch let error as WorkloadChanged {
      writer.abandon()
      // The file's status said it was unchanged, yet its text is not the one recorded (a file
      // changed meanwhile, or one whose status did not move with its text: an NFS attribute
      // cache, a write through a mapping, a block-level restore). Without the decoded records
      // the next build reads every file, so running it again does help.
      if cache { unlink(workspace.repository.absolute(cacheFolder + "/workloads.bin")) }
      throw Failure(error.description)
    } catch {
      writer.abandon()
      throw error
    }
    return Built(
      count: count, reused: writer.reused, redated: writer.redatedCount, workloads: workloads.count, rows: writer.rows)
  }

  /// Removes the page manifests and build memos of output folders no build has written to for
  /// 30 days (a manifest is about a megabyte for 10,000 workloads, and nothing else ever
  /// removes one).
  static func pruneManifests(in folder: String, keeping current: Set<String>, now: Date = Date()) {
    let manager = FileManager.default
    for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? []
    where (name.hasPrefix("pages-") || name.hasPrefix("memo-")) && name.hasSuffix(".bin") {
      let path = folder + "/" + name
      // By the file's status (FileManager's attributes look the owner's name up too).
      guard !current.contains(path), let status = FileStatus(path: path),
        now.timeIntervalSince1970 - Double(status.modified) > 30 * 86_400
      else { continue }
      try? manager.removeItem(atPath: path)
    }
  }

  /// The build cache's folder, relative to the repository root.
  static let cacheFolder = ".finops-cache"

  /// What the spend stage reads and, with a cache, the key its report is kept under.
  struct SpendPlan {
    /// The cost exports, relative to the repository root.
    var files: [String]
    /// The cache and the base of its keys; nil without a cache.
    var cache: SpendCache?
    var base: String?
    /// The exports' fingerprints, remembered while each file is untouched.
    var digests: FileDigests?
    /// `SpendCache.key` of the inputs, and the key of their report through the build's day;
    /// nil without a cache (or when an export cannot be read).
    var key: String?
    var entryKey: String?
    /// The fingerprint of each export `key` counted, in the order of `files` (what the build's
    /// memo keeps: an export changed later is not the one the report was made from).
    var exportDigests: [ContentHash] = []
  }

  /// The spend stage's plan; nil without exports. With a cache, the exports' fingerprints are
  /// taken (through `.finops-cache/digests.bin`: a year of exports is a hundred megabytes to
  /// read for the key alone).
  static func planSpend(
    _ repository: Repository, workloads: [Workload], through: Day, cache: (SpendCache, base: String)?
  ) -> SpendPlan? {
    let files = SpendExportReader.exportFiles(root: repository.root)
    guard !files.isEmpty else { return nil }
    let digests = cache.map { _ in FileDigests(path: repository.absolute(cacheFolder + "/digests.bin")) }
    defer { digests?.save() }
    let keyed = cache.flatMap { cache in
      SpendCache.keyed(root: repository.root, files: files, workloads: workloads, base: cache.base, digests: digests)
    }
    return SpendPlan(
      files: files, cache: cache?.0, base: cache?.base, digests: digests, key: keyed?.key,
      entryKey: keyed.map { SpendCache.entryKey($0.key, through: through) }, exportDigests: keyed?.digests ?? [])
  }

  /// Reads every cost export of `plan`, attributes it and makes the weekly cards. Problems in
  /// the exports are printed (and returned); the rows they affect are reported, never silently dropped, and do
  /// not stop the build. With a cache, the report made is kept under the plan's key.
  static func makeSpend(
    _ plan: SpendPlan, root: String, workloads: [Workload], configuration: Configuration, through: Day,
    context: Context, stopwatch: inout Stopwatch, attribution: Attribution? = nil
  ) -> (report: SpendReport, key: String?, problems: [String]) {
    var problems: [Diagnostic] = []
    // The attribution's running sums (the larger part of the stage's memory) are let go when
    // it returns, before the cards are made.
    let ledger = attribute(
      plan.files, root: root,
      attribution: attribution ?? Attribution(workloads: workloads, configuration: configuration),
      problems: &problems, stopwatch: &stopwatch)
    stopwatch.lap("spend: ledger")
    let printed = Diagnostic.sorted(problems).map(\.description)
    for problem in printed { context.errors.line(problem) }
    let report = SpendReport.make(ledger: ledger, configuration: configuration, through: through)
    stopwatch.lap("spend cards")
    guard let cache = plan.cache, let base = plan.base, let key = plan.key, let entryKey = plan.entryKey else {
      return (report, nil, printed)
    }
    // An export written to while it was read: the report may be of either version, so it is
    // neither kept nor the key of any page.
    guard SpendCache.key(root: root, files: plan.files, workloads: workloads, base: base, digests: plan.digests) == key
    else { return (report, nil, printed) }
    do {
      try cache.store(SpendCache.Entry(report: report, problems: printed), key: entryKey)
      stopwatch.lap("spend: kept in the cache")
    } catch {
      context.errors.line("warning: could not keep the spend report in \(cacheFolder)/: \(error)")
    }
    return (report, key, printed)
  }

  /// Reads every export into `attribution` (of the workloads, before any row); returns the
  /// ledger.
  private static func attribute(
    _ files: [String], root: String, attribution: consuming Attribution,
    problems: inout [Diagnostic], stopwatch: inout Stopwatch
  ) -> SpendLedger {
    var attribution = attribution
    attribution.read(root: root, paths: files, diagnostic: { problems.append($0) })
    stopwatch.lap("spend: read and attribute")
    return (consume attribution).ledger()
  }

  /// FINOPS_NOW, else SOURCE_DATE_EPOCH, else the system clock.
  static func buildTime(_ workspace: Workspace) throws -> Timestamp {
    if workspace.context.environment["FINOPS_NOW"] == nil,
      let epoch = workspace.context.environment["SOURCE_DATE_EPOCH"].flatMap(Int64.init)
    {
      return Timestamp(seconds: epoch)
    }
    return try workspace.now()
  }

  /// The built-in templates and assets, each overridden by the repository's own file of the same
  /// name in `templates/` (`*.mustache`) or `templates/assets/`.
  /// A file that cannot be read (a folder, say, or text that is not UTF-8) is a diagnostic.
  static func templates(in repository: Repository) throws -> Templates {
    var templates = Templates.builtIn
    let folder = repository.absolute("templates")
    let manager = FileManager.default
    func text(_ relative: String) throws -> String {
      switch repository.read(relative) {
      case .success(let text): return text
      case .failure(var diagnostic):
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: repository.absolute(relative), isDirectory: &isFolder), isFolder.boolValue {
          diagnostic.message =
            "\(relative) is a folder: templates are the .mustache files in templates/, assets the files in templates/assets/"
        }
        throw Failure(diagnostics: [diagnostic])
      }
    }
    for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".mustache") {
      templates.sources[String(name.dropLast(".mustache".count))] = try text("templates/" + name)
    }
    for name in (try? manager.contentsOfDirectory(atPath: folder + "/assets")) ?? [] where !name.hasPrefix(".") {
      templates.assets[name] = try text("templates/assets/" + name)
    }
    return templates
  }
}

extension BuildCommand {
  /// What a process that builds again after every change (`finops serve`) keeps in memory from
  /// one build to the next: the workload cache's index and the records decoded from it, and
  /// the spend report last read from the cache, each under the key it has in the cache, so
  /// that it is used exactly when the cache's copy would be.
  final class Resident: @unchecked Sendable {
    let records = WorkloadCache.Resident()
    private let lock = NSLock()
    private var report: (key: String, entry: SpendCache.Entry)?

    /// The spend report kept under `key`.
    func spend(key: String) -> SpendCache.Entry? {
      lock.withLock { report?.key == key ? report?.entry : nil }
    }

    func keep(spend entry: SpendCache.Entry, key: String) {
      lock.withLock { report = (key, entry) }
    }
  }
}

/// What a command that exits when it is done leaves allocated: the exit frees it all at once.
enum ExitKeeps {
  private static let kept = Kept()

  /// Keeps `value` until the process exits.
  static func keep(_ value: Any) { kept.append(value) }

  private final class Kept: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Any] = []

    func append(_ value: Any) { lock.withLock { values.append(value) } }
  }
}

/// An exclusive lock on a file (`flock`), held from creation until `release()`; none when the
/// file cannot be made (a read-only checkout, which keeps nothing either).
final class BuildLock {
  private var descriptor: Int32

  /// Waits for the lock on `path`, calling `waiting` first when another process holds it.
  init(_ path: String, waiting: () -> Void = {}) {
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
    if errno == EWOULDBLOCK { waiting() }
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
  }

  /// Lets the lock go.
  func release() {
    guard descriptor >= 0 else { return }
    close(descriptor)
    descriptor = -1
  }
}
