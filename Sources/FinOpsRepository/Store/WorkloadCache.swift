import FinOpsCore
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Decoded workload files kept between loads (`RepositorySnapshot.load(_:cache:)`): decoding
/// the YAML of ten thousand files is most of loading a large repository, and most loads follow
/// a change to a few of them.
///
/// An entry is a file's path and the fingerprint of its text, with the record it decoded to and
/// the warnings decoding gave; it is used only for a file whose text has exactly that
/// fingerprint, by the same executable (the cache's key), so a changed file is always decoded
/// again. An entry also keeps what the file system said of the file when it was read, as git's
/// index does: while the file's device, inode, size, modification and change times are all the
/// same, the text is taken to be the one fingerprinted and the file is not read at all (writing
/// a file moves its change time to the present, which no program can set back; a file changed
/// within two seconds of being read is never recognised so, `FileStatus.isSettled`). Only
/// files that decoded without error are kept. The file is replaced whole (written aside, then
/// renamed) and checksummed: a damaged or foreign cache counts as empty.
public struct WorkloadCache: Sendable {
  /// The cache file (`.finops-cache/workloads.bin`).
  public let path: String

  /// Bumped whenever the binary form of a workload changes.
  static let format = 4

  /// The present, in seconds since 1970, when not the file system's (a test's clock may run
  /// ahead, to recognise files it has just written).
  let clock: (@Sendable () -> Int64)?

  /// What a process that loads again and again keeps in memory between loads; nil for one
  /// load.
  public let resident: Resident?

  /// A cache kept in the file at `path`; the present is what the file system gives a file
  /// made beside it, unless `clock` is given. With `resident`, the file's index and the
  /// records decoded from it stay in memory for the next load with the same `resident`.
  public init(path: String, clock: (@Sendable () -> Int64)? = nil, resident: Resident? = nil) {
    self.path = path
    self.clock = clock
    self.resident = resident
  }

  /// The cache file's index and the records decoded from it, held by a process that loads the
  /// repository again after every change (`finops serve`), so that an unchanged file costs a
  /// look at its status and a copy of its record instead of a decode. A record is kept under
  /// its file's path and text fingerprint, as in the file, and is the one decoding that entry
  /// gives; the index is used again only while the cache file's status is the one it had.
  public final class Resident: @unchecked Sendable {
    private let lock = NSLock()
    private var index: (status: FileStatus, entries: [String: Entry])?
    private var records: [String: (digest: ContentHash, workload: Workload, diagnostics: [Diagnostic])] = [:]

    public init() {}

    /// The index read from the file with `status`, when it is the one kept.
    func index(status: FileStatus) -> [String: Entry]? {
      lock.withLock { index?.status == status ? index?.entries : nil }
    }

    func keep(index entries: [String: Entry], status: FileStatus) {
      lock.withLock { index = (status, entries) }
    }

    /// The record kept for the file at `path` with the text fingerprinted `digest`.
    func record(path: String, digest: ContentHash) -> (workload: Workload, diagnostics: [Diagnostic])? {
      lock.withLock {
        guard let kept = records[path], kept.digest == digest else { return nil }
        return (kept.workload, kept.diagnostics)
      }
    }

    func keep(record: (workload: Workload, diagnostics: [Diagnostic]), path: String, digest: ContentHash) {
      lock.withLock { records[path] = (digest, record.workload, record.diagnostics) }
    }

    /// Drops the records of files not among `paths` (removed or renamed since).
    func retain(_ paths: [String]) {
      lock.withLock {
        // Paths are unique: fewer of them kept than records means some records are of no file.
        guard paths.count(where: { records[$0] != nil }) < records.count else { return }
        let current = Set(paths)
        records = records.filter { current.contains($0.key) }
      }
    }

    /// How many records are kept.
    public var count: Int { lock.withLock { records.count } }
  }

  /// The present, in seconds since 1970: the time before a load reads any workload file.
  func now() -> Int64 {
    clock?() ?? FileDigests.fileSystemClock(in: (path as NSString).deletingLastPathComponent) ?? FileDigests.systemClock()
  }

  /// One kept file: its text's fingerprint and its decoded record in binary form (read only
  /// when the text still has that fingerprint).
  struct Entry: Sendable {
    /// The file's path (compared byte for byte: two names `String` takes for equal are two files).
    var path: String
    var digest: ContentHash
    /// The fingerprint of the front matter's YAML (`WorkloadDocument.recordDigest`).
    var recordDigest: ContentHash
    /// What the file system said of the file when it was read, when the file is recognised by it.
    var status: FileStatus?
    /// The record and its warnings, in `BinaryWriter` form, in `bytes`.
    var range: Range<Int>
    var bytes: ByteStore
    /// What the rules that read `finops.yml` found in the record, and the fingerprint of the
    /// configuration text they read; nil when not kept.
    var validation: Validation?
    /// Where the decoded record is kept in memory between loads, if anywhere.
    var resident: Resident?

    /// Whether this is the entry of the file at `path` with the text fingerprinted `digest`.
    func matches(path: String, digest: ContentHash) -> Bool {
      self.digest == digest && ExactText(self.path) == ExactText(path)
    }

    /// The record and the warnings decoding gave.
    func decode() -> (workload: Workload, diagnostics: [Diagnostic])? {
      if let kept = resident?.record(path: path, digest: digest) { return kept }
      var input = BinaryReader(bytes, from: range.lowerBound, to: range.upperBound)
      guard let workload = try? input.workload(), let diagnostics = try? input.array({ try $0.diagnostic() }),
        input.atEnd
      else { return nil }
      resident?.keep(record: (workload, diagnostics), path: path, digest: digest)
      return (workload, diagnostics)
    }
  }

  /// The rules' findings for one record under one configuration.
  struct Validation: Sendable {
    /// The fingerprint of the text of `finops.yml`.
    var configuration: ContentHash
    var diagnostics: [Diagnostic]
  }

  /// The key this executable keeps its entries under.
  static var key: String? {
    ContentHash.executable.map { executable in
      var hash = ContentHash()
      hash.update("workload cache format \(format)")
      hash.update(executable)
      return hash.hex
    }
  }

  /// Every entry, by path; none when the file is missing, damaged or another executable's.
  func load() -> [String: Entry] {
    let before = resident == nil ? nil : FileStatus(path: path)
    if let before, let entries = resident?.index(status: before) { return entries }
    guard let file = file() else { return [:] }
    let entries = index(file)
    // Kept only when the file was not replaced while it was read.
    if let resident, let before, FileStatus(path: path) == before { resident.keep(index: entries, status: before) }
    return entries
  }

  /// The cache file's bytes, mapped, and where its payload starts; nil when it is missing,
  /// damaged or another executable's.
  func file() -> (bytes: ByteStore, payload: Int)? {
    guard let key = Self.key else { return nil }
    return CacheFile.load(path, kind: "workloads", key: key)
  }

  /// Every entry of `file` (`file()`), by path; none when it does not read.
  func index(_ file: (bytes: ByteStore, payload: Int)) -> [String: Entry] {
    // The index: each path with its fingerprint and where its record is; the records
    // themselves are read by whoever uses them, on every core.
    var input = BinaryReader(file.bytes, from: file.payload, interning: false)
    var entries: [String: Entry] = [:]
    do {
      let count = try input.count()
      entries.reserveCapacity(min(count, 1 << 20))
      for _ in 0..<count {
        let path = try input.string()
        entries[path] = try entry(path: path, from: &input)
      }
    } catch {
      return [:]
    }
    return input.atEnd ? entries : [:]
  }

  /// The entries of `file` (`file()`) for `paths`, in their order, when it holds exactly those
  /// paths in that order, as the load of the same files that wrote it listed them (`parsed`,
  /// then `matched`). Nil when it holds others, or in another order.
  func entries(in file: (bytes: ByteStore, payload: Int), listed paths: [String]) -> [Entry]? {
    parsed(file).flatMap { matched($0, listed: paths) }
  }

  /// Every entry of `file` (`file()`), in its order, with where its path's bytes are and no path
  /// of its own yet: read while the workload files are listed, before their paths are known
  /// (a tenth of a quick build went on the index of ten thousand paths looked up by path, and
  /// then a twentieth on reading it after the listing). Nil when it does not read.
  func parsed(_ file: (bytes: ByteStore, payload: Int)) -> [(path: Range<Int>, entry: Entry)]? {
    var input = BinaryReader(file.bytes, from: file.payload, interning: false)
    var entries: [(path: Range<Int>, entry: Entry)] = []
    do {
      let count = try input.count()
      entries.reserveCapacity(count)
      for _ in 0..<count {
        let path = try input.stringBytes()
        entries.append((path, try entry(path: "", from: &input)))
      }
    } catch {
      return nil
    }
    return input.atEnd ? entries : nil
  }

  /// The entries of `parsed` (`parsed(_:)`) for `paths`, each given its path, when they are of
  /// exactly those paths, byte for byte, in that order; nil otherwise. No path is made a string
  /// of its own, and none is looked up.
  func matched(_ parsed: [(path: Range<Int>, entry: Entry)], listed paths: [String]) -> [Entry]? {
    guard parsed.count == paths.count else { return nil }
    var entries: [Entry] = []
    entries.reserveCapacity(parsed.count)
    for (index, var path) in paths.enumerated() {
      var (range, entry) = parsed[index]
      let same = path.withUTF8 { utf8 in
        utf8.count == range.count
          && (utf8.isEmpty || memcmp(utf8.baseAddress!, entry.bytes.base + range.lowerBound, range.count) == 0)
      }
      guard same else { return nil }
      entry.path = path
      entries.append(entry)
    }
    return entries
  }

  /// The entry of the file at `path` from `input`, after its path.
  private func entry(path: String, from input: inout BinaryReader) throws -> Entry {
    let digest = try input.contentHash()
    let recordDigest = try input.contentHash()
    let status = try input.optional { try $0.fileStatus() }
    let length = try input.count()
    let start = input.position
    try input.skip(length)
    let validation = try input.optional { input in
      Validation(
        configuration: try input.contentHash(),
        diagnostics: try input.array { try $0.diagnostic() })
    }
    return Entry(
      path: path, digest: digest, recordDigest: recordDigest, status: status, range: start..<start + length,
      bytes: input.storage, validation: validation, resident: resident)
  }

  /// Keeps `documents` (decoded without error) with what the rules found in each under the
  /// configuration fingerprinted `configuration`, replacing the cache whole. A document whose
  /// record was read from an entry of the previous cache (`reused`) is copied as it was,
  /// without encoding it again. A document's file status is kept when the file had settled
  /// by `readSince`, the time (the file system's, in seconds since 1970) before any file was
  /// read.
  func store(
    _ documents: [(document: WorkloadDocument, diagnostics: [Diagnostic], validation: [Diagnostic]?)],
    reused: [String: Entry], configuration: ContentHash?, readSince: Int64
  ) throws {
    guard let key = Self.key else { return }
    let kept = documents.filter { $0.document.digest != nil && $0.document.recordDigest != nil }
    // Paths are each written once, in the order of the documents (the listing's): a load of
    // the same files matches them in place (`entries(in:listed:)`).
    var out = BinaryWriter(interning: false)
    out.unsigned(UInt64(kept.count))
    for (document, diagnostics, validation) in kept {
      guard let digest = document.digest, let recordDigest = document.recordDigest else { continue }
      out.string(document.path)
      out.contentHash(digest)
      out.contentHash(recordDigest)
      let status = document.status.flatMap { $0.isSettled(at: readSince) ? $0 : nil }
      out.optional(status) { $0.fileStatus($1) }
      if let entry = reused[document.path], entry.matches(path: document.path, digest: digest) {
        out.unsigned(UInt64(entry.range.count))
        out.raw(entry.bytes[entry.range])
      } else {
        // Each record has its own string table, so that it reads on its own.
        var record = BinaryWriter()
        record.workload(document.workload)
        record.array(diagnostics) { $0.diagnostic($1) }
        out.unsigned(UInt64(record.bytes.count))
        out.raw(record.bytes[...])
      }
      let found = configuration.flatMap { configuration in validation.map { (configuration, $0) } }
      out.optional(found) { out, found in
        out.contentHash(found.0)
        out.array(found.1) { $0.diagnostic($1) }
      }
    }
    try CacheFile.store(path, kind: "workloads", key: key, payload: out.bytes)
  }
}
