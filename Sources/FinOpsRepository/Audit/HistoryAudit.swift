import FinOpsCore
import Foundation

/// Replays git history against the roster and the lifecycle: every transition commit must be
/// authored by someone holding its persona and change exactly what `Lifecycle.apply` would have
/// changed; every other commit may change only the Markdown body, the title, or a request still
/// with its Product Owner.
public struct HistoryAudit: Sendable {
  /// The configuration whose roster judges the authors (the current `finops.yml`).
  public var configuration: Configuration

  /// Creates an audit.
  public init(configuration: Configuration) { self.configuration = configuration }

  /// What the audit read and found.
  public struct Report: Sendable {
    /// Commits that changed workload files.
    public var commits: Int
    /// Transition commits replayed.
    public var transitions: Int
    /// Problems, in history order.
    public var diagnostics: [Diagnostic]
  }

  /// Audits every commit since `revision` (all history when nil): one `git log` and one
  /// `git cat-file --batch`, run as a pipeline. A reader thread walks the log newest first (git's
  /// own order, which it streams at once) and names each blob to cat-file as soon as it sees the
  /// commit; each blob is decoded on any free core as it arrives, reusing the unchanged pieces of
  /// the version of its file decoded before it; this thread audits commit after commit as their
  /// versions are ready, keeping for each file only the version the next older commit produced.
  /// Each commit's audit depends only on its two versions and the roster, so the diagnostics,
  /// gathered per commit, are reported oldest first at the end.
  public func run(git: Git, since revision: String?) throws -> Report {
    let work = Channel<Work>()
    let paths = Channel<String>()
    let decoded = Channel<Decoding>()
    let batcher = DecodingBatcher(paths: paths, decoded: decoded)
    let blobs = try BlobStream(git: git, each: batcher.add, end: batcher.end)
    let reader = HistoryReader(git: git, since: revision, blobs: blobs, work: work, paths: paths)
    Thread { reader.run() }.start()
    // The version each file had before the newer commit audited last: the one the next older
    // commit that changed the file produced.
    var older: [String: WorkloadDecoder.Outcome] = [:]
    var found: [[Diagnostic]] = []
    var commits = 0
    var transitions = 0
    while let item = work.pop() {
      let commit = item.commit
      var versions: [Versions] = []
      for (change, fetchAfter) in zip(commit.changes, item.fetchAfter) {
        let after =
          fetchAfter
          ? reader.taken(decoded.pop()?.outcome)
          : change.after.flatMap { _ in older[change.path] }
        let before = change.before == nil ? nil : reader.taken(decoded.pop()?.outcome)
        older[change.path] = before
        versions.append(Versions(change: change, before: before, after: after))
      }
      let diagnostics = audit(commit, versions: versions)
      if !diagnostics.isEmpty { found.append(diagnostics) }
      commits += 1
      if commit.trailers["Finops-Transition"] != nil { transitions += 1 }
    }
    let diagnostics = Array(found.reversed().joined())
    // Reap cat-file even when the log failed, then report the log's error first.
    let logResult = Result { try reader.finish() }
    let blobResult = Result { try blobs.wait() }
    try logResult.get()
    try blobResult.get()
    return Report(commits: commits, transitions: transitions, diagnostics: diagnostics)
  }

  /// Gathers blobs, on the thread that reads them, into runs of 16 decoded on any free core.
  /// Waking a worker for each blob cost more than most new versions, decoded mostly from the
  /// pieces of another, take to decode; the auditor is handed a run's versions at once and woken
  /// once a whole run is decoded, not for each blob (that cost tens of thousands of context
  /// switches).
  private final class DecodingBatcher: @unchecked Sendable {
    let paths: Channel<String>
    let decoded: Channel<Decoding>
    let decoder = ReusingWorkloadDecoder()
    private var batch: [(text: String?, path: String, decoding: Decoding)] = []
    private var done = DispatchSemaphore(value: 0)

    init(paths: Channel<String>, decoded: Channel<Decoding>) {
      self.paths = paths
      self.decoded = decoded
      batch.reserveCapacity(16)
    }

    /// Takes the next blob; its path was sent before it was asked for. Its text is made here,
    /// straight from git's output, where copying the bytes first and making the text on the
    /// decoding core copied every version twice.
    func add(_ contents: UnsafeBufferPointer<UInt8>?) {
      guard let path = paths.pop() else { return }
      batch.append(
        (contents.map { String(decoding: $0, as: UTF8.self) }, path, Decoding(batch: done)))
      if batch.count == 16 { dispatch() }
    }

    /// Sends the last run and tells the auditor there is no more.
    func end() {
      if !batch.isEmpty { dispatch() }
      decoded.close()
    }

    private func dispatch() {
      let work = batch
      let finished = done
      let decoder = decoder
      batch.removeAll(keepingCapacity: true)
      done = DispatchSemaphore(value: 0)
      decoded.push(contentsOf: work.map(\.decoding))
      DispatchQueue.global().async {
        for (text, path, decoding) in work {
          decoding.store(text.map { decoder.decode(path: path, text: $0) })
        }
        finished.signal()
      }
    }
  }

  /// A commit to audit, with which of its changes' later versions were asked of cat-file (the
  /// others are the earlier version of the newer commit that changed the file next, already
  /// read). Every earlier version is asked for.
  struct Work: Sendable {
    var commit: HistoryCommit
    var fetchAfter: [Bool]
  }

  /// One blob being decoded on another thread, in a batch that signals `batch` when all of it
  /// is decoded; nil when git could not find it.
  private final class Decoding: @unchecked Sendable {
    private let batch: DispatchSemaphore
    private var result: WorkloadDecoder.Outcome?

    init(batch: DispatchSemaphore) { self.batch = batch }

    /// Stores the outcome; the batch's signal hands it to the auditor.
    func store(_ outcome: WorkloadDecoder.Outcome?) { result = outcome }

    /// The outcome, waiting for its batch.
    var outcome: WorkloadDecoder.Outcome? {
      batch.wait()
      batch.signal()  // the batch's other blobs and a later read do not wait again
      return result
    }
  }

  /// Walks the log on its own thread: passes each commit on and names the blobs it needs, with
  /// their paths, in the order the auditor takes them, 64 commits at a time (one lock and one
  /// wake-up for each run, not for each blob). About `backlog` blobs at most are asked for and
  /// not yet audited: git reads the history faster than finops decodes it, and without a bound
  /// every blob waited in memory. The reader waits only between commits, once all it asked for
  /// was sent, so a commit that changes more files than the backlog holds still goes through.
  private final class HistoryReader: @unchecked Sendable {
    static let backlog = 2048
    let git: Git
    let revision: String?
    let blobs: BlobStream
    let work: Channel<Work>
    let paths: Channel<String>
    private let done = DispatchSemaphore(value: 0)
    /// Places left in the backlog (below zero after a very large commit); the reader, once out
    /// of them, waits for a run of them to free up rather than waking for each one.
    private var free = backlog
    private let freed = NSCondition()
    private var unsentPaths: [String] = []
    private var unsentWork: [Work] = []
    private var failure: Error?

    init(git: Git, since revision: String?, blobs: BlobStream, work: Channel<Work>, paths: Channel<String>) {
      self.git = git
      self.revision = revision
      self.blobs = blobs
      self.work = work
      self.paths = paths
    }

    func run() {
      // The blob each file held before the newest commits read so far, which the auditor keeps
      // decoded.
      var older: [String: String] = [:]
      do {
        try git.workloadHistory(since: revision) { commit in
          waitForBacklog()
          var fetchAfter: [Bool] = []
          for change in commit.changes {
            // One lookup: the blob the file held before the newer commit, replaced by this
            // commit's earlier one.
            let newer =
              change.before.map { older.updateValue($0, forKey: change.path) }
              ?? older.removeValue(forKey: change.path)
            let fetch = change.after != nil && newer != change.after
            if fetch, let after = change.after { request(after, change.path) }
            if let before = change.before { request(before, change.path) }
            fetchAfter.append(fetch)
          }
          unsentWork.append(Work(commit: commit, fetchAfter: fetchAfter))
          if unsentWork.count == 64 { send() }
        }
      } catch {
        failure = error
      }
      send()
      blobs.finish()
      paths.close()
      work.close()
      done.signal()
    }

    /// Hands the paths, blob requests and commits gathered so far on: the paths first, which the
    /// blobs are paired with as they arrive.
    private func send() {
      paths.push(contentsOf: unsentPaths)
      blobs.flush()
      work.push(contentsOf: unsentWork)
      unsentPaths.removeAll(keepingCapacity: true)
      unsentWork.removeAll(keepingCapacity: true)
    }

    /// Once the backlog is used up, sends everything and waits for part of it to be audited.
    private func waitForBacklog() {
      freed.lock()
      defer { freed.unlock() }
      guard free <= 0 else { return }
      freed.unlock()
      send()
      freed.lock()
      while free < Self.backlog / 8 { freed.wait() }
    }

    private func request(_ blob: String, _ path: String) {
      freed.withLock { free -= 1 }
      unsentPaths.append(path)
      blobs.request(blob)
    }

    /// Passes on a blob's decoded version, freeing its place in the backlog.
    func taken(_ outcome: WorkloadDecoder.Outcome?) -> WorkloadDecoder.Outcome? {
      freed.withLock {
        free += 1
        if free == Self.backlog / 8 { freed.signal() }
      }
      return outcome
    }

    /// Waits for the walk to end; throws what git log threw.
    func finish() throws {
      done.wait()
      if let failure { throw failure }
    }
  }

  /// A file's two versions, decoded.
  struct Versions: Sendable {
    var change: FileChange
    var before: WorkloadDecoder.Outcome?
    var after: WorkloadDecoder.Outcome?
  }

  func audit(_ commit: HistoryCommit, versions: [Versions]) -> [Diagnostic] {
    var found: [Diagnostic] = []
    func report(_ path: String, _ rule: String, _ message: String, map: SourceMap? = nil, field: String = "") {
      let location = map?.location(field) ?? SourceLocation(path: path, line: 1, column: 1)
      found.append(
        .error(location, rule: rule, "commit \(commit.shortID) by \(commit.authorEmail): \(message)"))
    }
    let trailers = commit.trailers
    guard let transitionName = trailers["Finops-Transition"] else {
      for version in versions { handEdit(commit, version, report: report) }
      return found
    }
    guard let transition = Transition(rawValue: transitionName),
      let reference = trailers["Finops-Component"], trailers["Finops-Persona"] == transition.persona.rawValue,
      commit.subject == "\(transition.rawValue): \(reference)"
    else {
      let path = versions.first?.change.path ?? Repository.workloadsFolder
      report(
        path, "audit.trailers",
        "the subject '\(commit.subject)' and the Finops- trailers do not describe one valid transition")
      return found
    }
    let parts = Self.referenceParts(reference)
    guard parts.count == 2, versions.count == 1, let version = versions.first,
      WorkloadDecoder.slug(of: version.change.path) == parts[0]
    else {
      report(
        versions.first?.change.path ?? Repository.workloadsFolder, "audit.scope",
        "a transition commit changes exactly the file of \(reference); this one changes "
          + versions.map(\.change.path).joined(separator: ", "))
      return found
    }
    let path = version.change.path
    guard let after = version.after?.document else {
      report(path, "audit.decode", "the file does not decode after the commit; run finops check on that revision")
      return found
    }
    let id = parts[1]
    guard let component = after.workload.component(id), let entry = component.history.last else {
      report(path, "audit.mismatch", "\(reference) is not in the file after the commit")
      return found
    }
    guard let person = configuration.roster.person(commit.authorEmail) else {
      report(path, "audit.persona", "the author is not on the roster, so cannot \(transition.rawValue)")
      return found
    }
    if !person.personas.contains(transition.persona) {
      report(
        path, "audit.persona",
        "\(person.name) does not hold \(transition.persona.rawValue), which \(transition.rawValue) needs")
      return found
    }
    let before = version.before?.document
    if version.change.before != nil && before == nil {
      report(path, "audit.decode", "the file does not decode before the commit")
      return found
    }
    let action: Action
    switch Self.action(transition, component: component, entry: entry) {
    case .success(let replayed): action = replayed
    case .failure(let refusal):
      report(path, refusal.rule, refusal.message, map: after.sourceMap, field: "components")
      return found
    }
    let start =
      before?.workload
      ?? Workload(
        slug: after.workload.slug, title: after.workload.title, owner: after.workload.owner,
        product: after.workload.product, components: [])
    if before == nil, after.workload.owner.lowercased() != person.email.lowercased() {
      report(path, "audit.mismatch", "a new workload is owned by its submitter, not \(after.workload.owner)")
    }
    switch Lifecycle.apply(action, toComponent: id, of: start, by: person, at: entry.at) {
    case .failure(let refusal):
      let rule = refusal.rule == "lifecycle.separation-of-duties" ? "audit.separation-of-duties" : "audit.lifecycle"
      report(path, rule, refusal.message)
    case .success(let expected):
      if expected != after.workload {
        let forged = before.map { previous in
          previous.workload.components.contains { old in
            guard let now = after.workload.component(old.id) else { return true }
            return !now.history.starts(with: old.history)
          }
        } ?? false
        if forged {
          report(path, "audit.forged-history", "earlier history entries were changed or removed")
        } else {
          report(
            path, "audit.mismatch",
            "the file is not what \(transition.rawValue) produces: "
              + Self.differences(expected, after.workload).joined(separator: ", ") + " differ")
        }
      }
      if let before, before.frontMatter?.body != after.frontMatter?.body {
        report(path, "audit.mismatch", "a transition commit must not change the Markdown body")
      }
    }
    if let date = commit.authorDate, abs(date.seconds - entry.at.seconds) > 300 {
      found.append(
        .warning(
          SourceLocation(path: path, line: 1, column: 1), rule: "audit.time",
          "commit \(commit.shortID): the history entry says \(entry.at) but the commit was authored \(date)"))
    }
    return found
  }

  /// The non-empty pieces of a `slug/id` reference between `/` Characters.
  static func referenceParts(_ reference: String) -> [String] {
    reference.slashSeparatedTexts()
  }

  /// Rebuilds the action a transition took from the record it produced.
  static func action(_ transition: Transition, component: Component, entry: HistoryEntry)
    -> Result<Action, Refusal>
  {
    guard entry.transition == transition else {
      return .failure(Refusal("audit.mismatch", "the last history entry of the component is '\(entry.transition.rawValue)', not '\(transition.rawValue)'"))
    }
    switch transition {
    case .draft: return .success(.draft(component.request))
    case .submit: return .success(.submit(component.request))
    case .resubmit: return .success(.resubmit(request: component.request))
    case .approve:
      guard let approval = component.approval else { return .failure(Refusal("audit.mismatch", "approve left no approval section")) }
      return .success(.approve(approval))
    case .requestChanges: return .success(.requestChanges(reason: entry.reason ?? ""))
    case .reject: return .success(.reject(reason: entry.reason ?? ""))
    case .completeStep:
      guard let step = entry.step else { return .failure(Refusal("audit.mismatch", "complete-step names no step")) }
      return .success(.completeStep(step))
    case .implement: return .success(.implement)
    case .claim: return .success(.claim)
    case .retire: return .success(.retire(reason: entry.reason ?? ""))
    }
  }

  /// The sections that differ between two versions of a workload.
  static func differences(_ expected: Workload, _ actual: Workload) -> [String] {
    var names: [String] = []
    if expected.title != actual.title { names.append("title") }
    if expected.owner != actual.owner { names.append("owner") }
    if expected.product != actual.product { names.append("product") }
    for component in actual.components {
      guard let other = expected.component(component.id) else {
        names.append("component \(component.id) (not expected)")
        continue
      }
      let prefix = "\(component.id)."
      if other.status != component.status { names.append(prefix + "status") }
      if other.request != component.request { names.append(prefix + "request") }
      if other.approval != component.approval { names.append(prefix + "approval") }
      if other.implementation != component.implementation { names.append(prefix + "implementation") }
      if other.claim != component.claim { names.append(prefix + "claim") }
      if other.history != component.history { names.append(prefix + "history") }
    }
    for component in expected.components where actual.component(component.id) == nil {
      names.append("component \(component.id) (missing)")
    }
    return names.isEmpty ? ["the components' order"] : names
  }

  /// Whether the component `id` of `workload` is one request submitted by the Product Owner
  /// who made the commit, exactly as `finops submit --parent` would have added it to `before`
  /// (the commit's other changes are judged as any hand edit's are).
  func isAddedSubmission(
    _ id: String, of workload: Workload, to before: Workload, by author: String
  ) -> Bool {
    guard let component = workload.component(id), component.history.count == 1,
      let entry = component.history.first, entry.transition == .submit,
      entry.by.lowercased() == author.lowercased(),
      let person = configuration.roster.person(author)
    else { return false }
    let expected = Lifecycle.apply(
      .submit(component.request), toComponent: id, of: before, by: person, at: entry.at)
    return (try? expected.get())?.component(id) == component
  }

  /// Whether a new workload is exactly one request submitted by its owner, who made the commit.
  func isSubmission(_ workload: Workload, by author: String) -> Bool {
    guard workload.components.count == 1, let component = workload.components.first,
      component.history.count == 1, let entry = component.history.first, entry.transition == .submit,
      entry.by.lowercased() == author.lowercased(), workload.owner.lowercased() == author.lowercased(),
      let person = configuration.roster.person(author)
    else { return false }
    let empty = Workload(
      slug: workload.slug, title: workload.title, owner: workload.owner, product: workload.product,
      components: [])
    let expected = Lifecycle.apply(
      .submit(component.request), toComponent: component.id, of: empty, by: person, at: entry.at)
    return (try? expected.get()) == workload
  }

  /// A commit without trailers: only the body, the title, or a request still with its Product
  /// Owner (draft or changes requested, edited by the owner) may change.
  private func handEdit(
    _ commit: HistoryCommit, _ version: Versions,
    report: (String, String, String, SourceMap?, String) -> Void
  ) {
    let path = version.change.path
    guard version.change.before != nil else {
      // The browser wizard proposes a new file in a pull request: fine when it is exactly the
      // submission its committer would have made with finops submit.
      if let created = version.after?.document?.workload, isSubmission(created, by: commit.authorEmail) {
        return
      }
      report(path, "audit.hand-edit", "the workload file was created by hand; new requests go through finops submit", nil, "")
      return
    }
    guard let after = version.after else {
      report(path, "audit.hand-edit", "the workload file was deleted; retire components with finops retire instead", nil, "")
      return
    }
    guard let old = version.before?.document?.workload, let new = after.document?.workload else { return }
    let author = commit.authorEmail.lowercased()
    var changed: [String] = []
    if old.owner != new.owner { changed.append("owner") }
    if old.product != new.product { changed.append("product") }
    for component in new.components {
      guard let previous = old.component(component.id) else {
        // The browser wizard's second path: a request added to an existing workload, exactly
        // as its committer would have submitted it with finops submit --parent.
        if !isAddedSubmission(component.id, of: new, to: old, by: commit.authorEmail) {
          changed.append("component \(component.id) (added)")
        }
        continue
      }
      var edited = component
      let editable = [.draft, .changesRequested].contains(previous.status) && author == old.owner.lowercased()
      if editable { edited.request = previous.request }
      if edited != previous {
        changed.append(
          Self.differences(Workload(slug: old.slug, title: old.title, owner: old.owner, product: old.product, components: [previous]),
                           Workload(slug: old.slug, title: old.title, owner: old.owner, product: old.product, components: [component]))
            .joined(separator: ", "))
      }
    }
    for component in old.components where new.component(component.id) == nil {
      changed.append("component \(component.id) (removed)")
    }
    if !changed.isEmpty {
      report(
        path, "audit.hand-edit",
        "changed \(changed.joined(separator: "; ")) without a finops transition", after.document?.sourceMap, "")
    }
  }
}
