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
/// each workload file's path and fingerprints (of its text, and of its front matter, which is
/// all the other pages read of it), whether its page shows spend, each component's status and
/// what its SLA is worked out from (so its due day and state at the build's time and at any
/// other), the spend report's key and its exports' fingerprints, and the key the feeds were kept
/// under. A quick build checks each against the
/// repository and the clock as they are now, and builds the whole site at the first difference.
public struct BuildMemo: Sendable, Equatable {
  /// One workload file, as the build read it.
  public struct Workload: Sendable, Equatable {
    public var path: String
    public var digest: ContentHash
    public var recordDigest: ContentHash
    /// Whether its page shows spend cards (it is keyed by the spend report then).
    public var showsSpend: Bool
    public var components: [Clock]

    /// Whether one of its components is in the review queue.
    public var inReview: Bool { components.contains { $0.status == .submitted } }
  }

  /// A component's status and what its SLA is worked out from (`SLAPolicy.task`).
  public struct Clock: Sendable, Equatable {
    public var approvedAt: Timestamp?
    public var priority: Priority?
    public var implementedAt: Timestamp?
    public var status: Status

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
  /// Every workload file, sorted by path as `Repository.workloadPaths` sorts them.
  public var workloads: [Workload]

  /// The format, part of the file's key: another format is not read.
  static let format = "build memo 6"

  /// Whether every component's SLA has the due day and state at `now` it had at the memo's time
  /// (`now` of the memo).
  public func slasHold(at now: Timestamp, policy: SLAPolicy) -> Bool {
    workloads.allSatisfy { workload in
      workload.components.allSatisfy { $0.holds(from: self.now, to: now, policy: policy) }
    }
  }

  /// Writes the memo to `path`, for the site folder `target`, replacing the file whole.
  public func save(to path: String, target: String) throws {
    try Self.save(body, manifest: manifest, to: path, target: target)
  }

  /// Writes a memo of `body` (`body` of a memo) and the status of its `manifest` to `path`, for
  /// the site folder `target`, replacing the file whole.
  public static func save(_ body: BinaryWriter, manifest: FileStatus, to path: String, target: String) throws {
    var out = body
    out.fileStatus(manifest)
    try CacheFile.store(path, kind: "build memo", key: Self.key(target: target), payload: out.bytes)
  }

  /// The memo's form but the manifest's status, which comes last: a quick build encodes it
  /// while it puts the site in place, before the manifest it goes with is written.
  public var body: BinaryWriter {
    // Its strings are keys and paths, each written once.
    var out = BinaryWriter(interning: false)
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
    out.array(workloads) { out, workload in
      out.string(workload.path)
      out.contentHash(workload.digest)
      out.contentHash(workload.recordDigest)
      out.bool(workload.showsSpend)
      out.array(workload.components) { out, clock in
        out.optional(clock.approvedAt) { $0.timestamp($1) }
        out.optional(clock.priority) { $0.unsigned(UInt64(Self.priorities.firstIndex(of: $1)!)) }
        out.optional(clock.implementedAt) { $0.timestamp($1) }
        out.unsigned(UInt64(Self.statuses.firstIndex(of: clock.status)!))
      }
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
      let feedsKey = try input.string()
      let workloads = try input.array { input in
        Workload(
          path: try input.string(), digest: try input.contentHash(), recordDigest: try input.contentHash(),
          showsSpend: try input.bool(),
          components: try input.array { input in
            Clock(
              approvedAt: try input.optional { try $0.timestamp() },
              priority: try input.optional { try Self.closed(priorities, &$0) },
              implementedAt: try input.optional { try $0.timestamp() }, status: try Self.closed(statuses, &input))
          })
      }
      let manifest = try input.fileStatus()
      guard input.atEnd else { return nil }
      return BuildMemo(
        keyBase: keyBase, now: now, files: files, manifest: manifest, spend: spend, feedsKey: feedsKey,
        workloads: workloads)
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
