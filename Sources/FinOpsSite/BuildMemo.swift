import FinOpsCore
import Foundation

/// What a build leaves beside its page manifest so that the next build into the same folder can
/// tell, without decoding the workloads, that no page can have changed but the pages of the
/// workloads whose files changed in their descriptions alone, the review queue (which shows
/// how long each request has waited, and its description) and the build time pages show: the
/// quick path of `finops build`. Every other page is then left as that build wrote it, with the
/// new time where it shows one (`SiteWriter.carry`).
///
/// It holds what the keys of the pages are made from that a quick build cannot know without
/// the records: the base of every key (the executable, `finops.yml`, the templates and assets),
/// the workload files' paths (as one fingerprint of all of them, in order), each file's
/// fingerprints (of its text, and of its front matter, which is all the other pages read of it),
/// whether its page shows spend, each component's status and what its SLA is worked out from
/// (so its due day and state at the build's time and at any other) and when it was last
/// submitted (so its wait in the review queue), the spend report's key and its exports'
/// fingerprints, and the key the feeds were kept under. A quick build checks each
/// against the repository and the clock as they are now, and builds the whole site at the first
/// difference.
public struct BuildMemo: Sendable, Equatable {
  /// One workload file, as the build read it: what a memo is made from.
  public struct File: Sendable, Equatable {
    public var path: String
    public var digest: ContentHash
    public var recordDigest: ContentHash
    /// Whether its page shows spend cards (it is keyed by the spend report then).
    public var showsSpend: Bool
    public var components: [Clock]

    public init(path: String, digest: ContentHash, recordDigest: ContentHash, showsSpend: Bool, components: [Clock]) {
      self.path = path
      self.digest = digest
      self.recordDigest = recordDigest
      self.showsSpend = showsSpend
      self.components = components
    }
  }

  /// One workload file, as the memo keeps it: its components' clocks are a run of `clocks`.
  public struct Workload: Sendable, Equatable {
    public var digest: ContentHash
    public var recordDigest: ContentHash
    /// Whether its page shows spend cards (it is keyed by the spend report then).
    public var showsSpend: Bool
    /// Whether one of its components is in the review queue.
    public var inReview: Bool
    /// Where its components' clocks are in `clocks`.
    public var clocks: Range<Int>
  }

  /// A component's status, what its SLA is worked out from (`SLAPolicy.task`), and when it was
  /// last submitted (what its wait in the review queue is worked out from).
  public struct Clock: Sendable, Equatable {
    public var approvedAt: Timestamp?
    public var priority: Priority?
    public var implementedAt: Timestamp?
    public var status: Status
    /// `ComponentFacts.lastSubmitted`.
    public var submittedAt: Timestamp?

    /// Whether the due day and state at `now` are those at `then` under `policy`.
    func holds(from then: Timestamp, to now: Timestamp, policy: SLAPolicy) -> Bool {
      // The due day never moves with the clock, nor does the state of a task implemented or no
      // longer approved (`SLAPolicy.task`): only an open task's is worked out at both times.
      guard let approvedAt, let priority, implementedAt == nil, status == .approved else { return true }
      func task(at time: Timestamp) -> (due: Day, state: SLAState?) {
        policy.task(approvedAt: approvedAt, priority: priority, implementedAt: implementedAt, status: status, at: time)
      }
      let (before, after) = (task(at: then), task(at: now))
      return before.due == after.due && before.state == after.state
    }

    /// Whether the review queue shows the same wait for this component at `now` as at `then`
    /// under `calendar`, and puts it in the same place: true for one not in review; false for
    /// one in review that was never submitted (the queue places it by the build time).
    func waits(from then: Timestamp, to now: Timestamp, calendar: BusinessCalendar) -> Bool {
      guard status == .submitted else { return true }
      guard let submittedAt else { return false }
      return SiteBuilder.submissionAge(from: submittedAt, to: then, calendar: calendar)
        == SiteBuilder.submissionAge(from: submittedAt, to: now, calendar: calendar)
    }
  }

  /// One cost export, by its path in the repository and its bytes' fingerprint.
  public struct Export: Sendable, Equatable {
    public var path: String
    public var digest: ContentHash

    public init(path: String, digest: ContentHash) {
      self.path = path
      self.digest = digest
    }
  }

  /// The spend report the pages were made with.
  public struct Spend: Sendable, Equatable {
    /// `SpendCache.key` (the report is kept under it and the build's day, `SpendCache.entryKey`).
    public var key: String
    public var exports: [Export]
    /// The problems reading the exports found, as printed.
    public var problems: [String]

    public init(key: String, exports: [Export], problems: [String]) {
      self.key = key
      self.exports = exports
      self.problems = problems
    }
  }

  /// `SiteBuilder.keyBase`, in hexadecimal.
  public var keyBase: String
  /// The build's time.
  public var now: Timestamp
  /// How many files the build put in the site (each has an entry in the manifest).
  public var files: Int
  /// The status of the manifest the build wrote: a memo goes with that manifest only.
  public var manifest: FileStatus
  public var spend: Spend?
  /// The key the feeds were kept under (their paths are the configuration's).
  public var feedsKey: String
  /// The fingerprint of the workload files' paths, in order (`fingerprint(paths:)`). Ten
  /// thousand paths were most of reading and writing a memo, and a quick build only asks
  /// whether they are the same, in the same order.
  public var paths: ContentHash
  /// Every workload file, sorted by path as `Repository.workloadPaths` sorts them.
  public var workloads: [Workload]
  /// Every component's clock, workload after workload.
  public var clocks: [Clock]

  /// A memo of `files`, in any order (kept sorted by path).
  public init(
    keyBase: String, now: Timestamp, files count: Int, manifest: FileStatus, spend: Spend?, feedsKey: String,
    workloads files: [File]
  ) {
    let sorted = files.sorted { $0.path < $1.path }
    var workloads: [Workload] = []
    var clocks: [Clock] = []
    workloads.reserveCapacity(sorted.count)
    for file in sorted {
      let start = clocks.count
      clocks += file.components
      workloads.append(
        Workload(
          digest: file.digest, recordDigest: file.recordDigest, showsSpend: file.showsSpend,
          inReview: file.components.contains { $0.status == .submitted }, clocks: start..<clocks.count))
    }
    self.init(
      keyBase: keyBase, now: now, files: count, manifest: manifest, spend: spend, feedsKey: feedsKey,
      paths: Self.fingerprint(paths: sorted.lazy.map(\.path)), workloads: workloads, clocks: clocks)
  }

  private init(
    keyBase: String, now: Timestamp, files: Int, manifest: FileStatus, spend: Spend?, feedsKey: String,
    paths: ContentHash, workloads: [Workload], clocks: [Clock]
  ) {
    self.keyBase = keyBase
    self.now = now
    self.files = files
    self.manifest = manifest
    self.spend = spend
    self.feedsKey = feedsKey
    self.paths = paths
    self.workloads = workloads
    self.clocks = clocks
  }

  /// The fingerprint of `paths`, each its own segment, byte for byte (`String` takes a composed
  /// accent for the decomposed one, which are two files). Inlinable, so that a caller's lazy
  /// sequence is iterated without a generic call per path (a millisecond or two at 10,000).
  @inlinable
  public static func fingerprint(paths: some Sequence<String>) -> ContentHash {
    var sum = ContentHash()
    for path in paths { sum.update(path) }
    return sum
  }

  /// The format, part of the file's key: another format is not read.
  static let format = "build memo 9"

  /// Whether every component's SLA has the due day and state at `now` it had at the memo's time
  /// (`now` of the memo).
  public func slasHold(at now: Timestamp, policy: SLAPolicy) -> Bool {
    clocks.allSatisfy { $0.holds(from: self.now, to: now, policy: policy) }
  }

  /// How many components are in the review queue (the count the navigation shows).
  public var reviewCount: Int { clocks.count { $0.status == .submitted } }

  /// Whether the review queue at `now` is the one of the memo's time but for the descriptions
  /// it shows: every request in it waits as long as it showed, in the same order, under
  /// `calendar` (of the configuration the memo's key holds). Its descriptions are those of the
  /// workload files of requests in review, whose fingerprints the caller compares.
  public func queueHolds(at now: Timestamp, calendar: BusinessCalendar) -> Bool {
    clocks.allSatisfy { $0.waits(from: self.now, to: now, calendar: calendar) }
  }

  /// Writes the memo to `path`, for the site folder `target`, replacing the file whole.
  public func save(to path: String, target: String) throws {
    try Self.save(body, manifest: manifest, to: path, target: target)
  }

  /// Writes a memo of `body` (`body` of a memo) and the status of its `manifest` to `path`, for
  /// the site folder `target`, replacing the file whole.
  public static func save(_ body: BinaryWriter, manifest: FileStatus, to path: String, target: String) throws {
    // Written after the body, not appended to a copy of it.
    var tail = BinaryWriter(interning: false)
    tail.fileStatus(manifest)
    try CacheFile.withBuffers([body.bytes, tail.bytes]) { pieces in
      try CacheFile.store(path, kind: "build memo", key: Self.key(target: target), payloadAt: pieces)
    }
  }

  /// The memo's form but the manifest's status, which comes last: a quick build encodes it
  /// while it puts the site in place, before the manifest it goes with is written.
  public var body: BinaryWriter {
    // Its strings are keys and paths, each written once. Room made at once for what it takes
    // (two fingerprints and two small numbers a workload, a few numbers and times a clock):
    // growing it copied the memo over and over.
    var out = BinaryWriter(interning: false)
    out.reserve(4096 + 44 * workloads.count + 32 * clocks.count)
    out.string(keyBase)
    out.timestamp(now)
    out.int(files)
    out.optional(spend) { out, spend in
      out.string(spend.key)
      out.array(spend.exports) { out, export in
        out.string(export.path)
        out.contentHash(export.digest)
      }
      out.array(spend.problems) { $0.string($1) }
    }
    out.string(feedsKey)
    out.contentHash(paths)
    // Each workload's fingerprints, whether it shows spend and how many clocks it has; then the
    // clocks.
    out.array(workloads) { out, workload in
      out.contentHash(workload.digest)
      out.contentHash(workload.recordDigest)
      out.bool(workload.showsSpend)
      out.unsigned(UInt64(workload.clocks.count))
    }
    out.array(clocks) { out, clock in
      out.optional(clock.approvedAt) { $0.timestamp($1) }
      out.optional(clock.priority) { $0.unsigned(UInt64(Self.priorities.firstIndex(of: $1)!)) }
      out.optional(clock.implementedAt) { $0.timestamp($1) }
      out.unsigned(UInt64(Self.statuses.firstIndex(of: clock.status)!))
      out.optional(clock.submittedAt) { $0.timestamp($1) }
    }
    return out
  }

  /// The memo at `path` for the site folder `target`; nil when there is none, or it is for
  /// another folder or format, or does not read.
  public static func load(_ path: String, target: String) -> BuildMemo? {
    guard let (bytes, payload) = CacheFile.load(path, kind: "build memo", key: key(target: target)) else { return nil }
    var input = BinaryReader(bytes, from: payload, interning: false)
    do {
      let (keyBase, now, files) = (try input.string(), try input.timestamp(), try input.int())
      let spend = try input.optional { input in
        Spend(
          key: try input.string(),
          exports: try input.array { Export(path: try $0.string(), digest: try $0.contentHash()) },
          problems: try input.array { try $0.string() })
      }
      let (feedsKey, paths) = (try input.string(), try input.contentHash())
      var end = 0
      var workloads = try input.array { input in
        let (digest, recordDigest, showsSpend) = (try input.contentHash(), try input.contentHash(), try input.bool())
        let count = try input.count()
        defer { end += count }
        return Workload(
          digest: digest, recordDigest: recordDigest, showsSpend: showsSpend, inReview: false,
          clocks: end..<end + count)
      }
      let clocks = try input.array { input in
        Clock(
          approvedAt: try input.optional { try $0.timestamp() },
          priority: try input.optional { try Self.closed(priorities, &$0) },
          implementedAt: try input.optional { try $0.timestamp() }, status: try Self.closed(statuses, &input),
          submittedAt: try input.optional { try $0.timestamp() })
      }
      let manifest = try input.fileStatus()
      guard input.atEnd, end == clocks.count else { return nil }
      for index in workloads.indices {
        workloads[index].inReview = clocks[workloads[index].clocks].contains { $0.status == .submitted }
      }
      return BuildMemo(
        keyBase: keyBase, now: now, files: files, manifest: manifest, spend: spend, feedsKey: feedsKey,
        paths: paths, workloads: workloads, clocks: clocks)
    } catch {
      return nil
    }
  }

  private static func key(target: String) -> String { ContentHash(format + " " + target).hex }

  /// Statuses and priorities by their places in these lists: read by name, they were half of
  /// reading a memo. (The memo is read only by the executable that wrote it: `keyBase`.)
  private static let statuses = Status.allCases, priorities = Priority.allCases

  /// The value of `values` at the place `input` reads.
  private static func closed<Value>(_ values: [Value], _ input: inout BinaryReader) throws -> Value {
    let place = try input.unsigned()
    guard place < UInt64(values.count) else { throw BinaryFormatError(description: "no value at \(place)") }
    return values[Int(place)]
  }
}
