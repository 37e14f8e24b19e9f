import FinOpsCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The spend stage's result kept between builds: reading, attributing and carding a year of
/// exports is most of a build, and most builds change no export and no claimed component.
///
/// Keyed by everything the stage reads, by content: the bytes of every export and of the
/// configuration, every role binding (whatever attribution and the cards read of a component,
/// but the workload's title: the report that uses a kept one is `retitled` with the titles of
/// the build), the day the report runs through, the cache format and the bytes of the
/// executable. Any change to any of them is another key, and a key that does not match is
/// never served: the cache cannot serve a stale report, only miss. The entry is one file, replaced whole
/// (written aside, then renamed): an interrupted write leaves the previous entry or none, and
/// a damaged file fails its checksum and counts as a miss.
public struct SpendCache: Sendable {
  /// The cache folder (`.finops-cache` in the repository).
  public let folder: String

  /// Bumped whenever the binary form of the report changes.
  static let format = 6

  /// A cache in `folder`.
  public init(folder: String) { self.folder = folder }

  /// What a hit gives back: the report and the problems reading the exports reported (printed
  /// again, as a build without the cache would).
  public struct Entry: Sendable, Equatable {
    /// The report.
    public var report: SpendReport
    /// The export problems, as printed.
    public var problems: [String]

    /// An entry.
    public init(report: SpendReport, problems: [String]) {
      self.report = report
      self.problems = problems
    }
  }

  var path: String { folder + "/spend.bin" }

  /// The key of a spend stage over `files` (paths relative to `root`) for `workloads` from a
  /// build's `base` (`ContentHash.build(configuration:)`), whatever the day: a report is stored
  /// under this key and its day (`entryKey`). Each export counts by its fingerprint, taken
  /// through `digests` when given (remembered while the file is untouched). Nil when an export
  /// cannot be read (the stage itself then reports it).
  public static func key(
    root: String, files: [String], workloads: [Workload], base: String, digests known: FileDigests? = nil
  ) -> String? {
    keyed(root: root, files: files, workloads: workloads, base: base, digests: known)?.key
  }

  /// `key`, and the fingerprint of each export it counted, in the order of `files`.
  public static func keyed(
    root: String, files: [String], workloads: [Workload], base: String, digests known: FileDigests? = nil
  ) -> (key: String, digests: [ContentHash])? {
    // Exports are large: each hashed on its own core (unless remembered), the digests added in
    // order.
    let digests = parallelMap(files.count) { index in
      let path = root + "/" + files[index]
      if let known { return known.digest(path) }
      return ContentHash.file(path)
    }
    var hash = ContentHash()
    hash.update("spend cache format \(format)")
    hash.update(base)
    // The bindings written on every core, a run of workloads each, and hashed in order (each
    // binding's form is self-delimiting).
    let runs = 8
    let pieces = parallelMap(runs) { run -> [UInt8] in
      var out = BinaryWriter(interning: false)
      let range = workloads.count * run / runs..<workloads.count * (run + 1) / runs
      for binding in RoleBinding.bindings(workloads[range]) { binding.write(to: &out, title: false) }
      return out.bytes
    }
    hash.update("role bindings in \(runs) runs")
    for piece in pieces { hash.update(piece) }
    var counted: [ContentHash] = []
    for (file, digest) in zip(files, digests) {
      guard let digest else { return nil }
      hash.update(file)
      hash.update(digest)
      counted.append(digest)
    }
    return (hash.hex, counted)
  }

  /// The key a report for `key`'s inputs through `through` is stored under.
  public static func entryKey(_ key: String, through: Day) -> String {
    var hash = ContentHash()
    hash.update(key)
    hash.update(through.ordinal)
    return hash.hex
  }

  /// The entry stored under `key`, or nil: none, another key, or a file that fails its checksum
  /// or does not read.
  public func load(key: String) -> Entry? {
    guard let (bytes, payload) = CacheFile.load(path, kind: "spend report", key: key) else { return nil }
    var input = BinaryReader(bytes, from: payload)
    guard let problems = try? input.array({ try $0.string() }),
      let report = try? SpendReport(lazilyFrom: &input), input.atEnd
    else { return nil }
    return Entry(report: report, problems: problems)
  }

  /// Whether an entry is stored under `key` (its file's header says so; `load` reads and checks
  /// the rest).
  public func holds(key: String) -> Bool {
    CacheFile.starts(path, kind: "spend report", key: key)
  }

  /// Stores `entry` under `key`, replacing any other entry.
  public func store(_ entry: Entry, key: String) throws {
    var writer = BinaryWriter()
    writer.array(entry.problems) { $0.string($1) }
    entry.report.write(to: &writer)
    try CacheFile.store(path, kind: "spend report", key: key, payload: writer.bytes)
  }
}
