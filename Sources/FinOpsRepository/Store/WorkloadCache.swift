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
/// renamed). It holds an index (every path with its fingerprints, status and where its record
/// lies), checksummed: a damaged or foreign index counts as an empty cache. The records follow
/// it, each with a checksum of its own in the index, checked when it is read: a damaged record
/// is decoded again from its file. A quick build reads the index and two records, not ten
/// thousand.
public struct WorkloadCache: Sendable {
  /// The cache file (`.finops-cache/workloads.bin`).
  public let path: String

  /// Bumped whenever the binary form of a workload changes.
  static let format = 5

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
    /// The fingerprint of the record's bytes as written, with the path and text fingerprint
    /// of the file they were decoded from (`Entry.sum`): a record read under another entry
    /// does not match.
    var recordSum: ContentHash
    /// What the rules that read `finops.yml` found in the record, and the fingerprint of the
    /// configuration text they read; nil when not kept.
    var validation: Validation?
    /// Where the decoded record is kept in memory between loads, if anywhere.
    var resident: Resident?

    /// Whether this is the entry of the file at `path` with the text fingerprinted `digest`.
    func matches(path: String, digest: ContentHash) -> Bool {
      self.digest == digest && ExactText(self.path) == ExactText(path)
    }

    /// The checksum of a record kept for the file at `path` with the text fingerprinted `digest`.
    static func sum(path: String, digest: ContentHash, record: UnsafeRawBufferPointer) -> ContentHash {
      var sum = ContentHash()
      sum.update(path)
      sum.update(digest)
      sum.update(record)
      return sum
    }

    /// The record and the warnings decoding gave.
    func decode() -> (workload: Workload, diagnostics: [Diagnostic])? {
      if let kept = resident?.record(path: path, digest: digest) { return kept }
      guard Self.sum(path: path, digest: digest, record: UnsafeRawBufferPointer(bytes[range])) == recordSum else {
        return nil
      }
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

  /// The cache file's bytes, mapped, and where its index lies (its records follow it); nil
  /// when it is missing, its index is damaged or it is another executable's.
  func file() -> File? {
    guard let key = Self.key, let (bytes, index) = CacheFile.loadIndexed(path, kind: "workloads", key: key) else {
      return nil
    }
    return File(bytes: bytes, index: index)
  }

  /// The cache file mapped: its index, then its records.
  struct File: Sendable {
    var bytes: ByteStore
    var index: Range<Int>
  }

  /// Every entry of `file` (`file()`), by path; none when it does not read.
  func index(_ file: File) -> [String: Entry] {
    guard let parsed = parsed(file) else { return [:] }
    var entries: [String: Entry] = [:]
    entries.reserveCapacity(parsed.entries.count)
    for (var entry, range) in zip(parsed.entries, parsed.paths) {
      entry.path = String(decoding: file.bytes[range], as: UTF8.self)
      entries[entry.path] = entry
    }
    return entries
  }

  /// The entries of `file` (`file()`) for `paths`, in their order, when it holds exactly those
  /// paths in that order, as the load of the same files that wrote it listed them (`parsed`,
  /// then `matched`). Nil when it holds others, or in another order.
  func entries(in file: File, listed paths: [String]) -> [Entry]? {
    parsed(file).flatMap { matched($0, listed: paths) }
  }

  /// The entries of a cache file in its order, with no paths of their own yet, and where the
  /// bytes of each one's path are.
  struct Parsed: Sendable {
    var entries: [Entry]
    var paths: [Range<Int>]
  }

  /// Every entry of `file` (`file()`), in its order, with where its path's bytes are and no path
  /// of its own yet: read while the workload files are listed, before their paths are known
  /// (a tenth of a quick build went on the index of ten thousand paths looked up by path, and
  /// then a twentieth on reading it after the listing). Nil when it does not read.
  func parsed(_ file: File) -> Parsed? {
    var input = BinaryReader(file.bytes, from: file.index.lowerBound, to: file.index.upperBound, interning: false)
    var parsed = Parsed(entries: [], paths: [])
    do {
      let count = try input.count()
      parsed.entries.reserveCapacity(count)
      parsed.paths.reserveCapacity(count)
      for _ in 0..<count {
        parsed.paths.append(try input.stringBytes())
        parsed.entries.append(try entry(from: &input, records: file.index.upperBound))
      }
    } catch {
      return nil
    }
    return input.atEnd ? parsed : nil
  }

  /// The entries of `parsed` (`parsed(_:)`) for `paths`, each given its path, when they are of
  /// exactly those paths, byte for byte, in that order; nil otherwise. No path is made a string
  /// of its own, and none is looked up; the entries are not copied.
  func matched(_ parsed: consuming Parsed, listed paths: [String]) -> [Entry]? {
    guard parsed.entries.count == paths.count, let first = parsed.entries.first else {
      return parsed.entries.isEmpty && paths.isEmpty ? [] : nil
    }
    let base = first.bytes.base
    for (index, var path) in paths.enumerated() {
      let range = parsed.paths[index]
      let same = path.withUTF8 { utf8 in
        utf8.count == range.count
          && (utf8.isEmpty || memcmp(utf8.baseAddress!, base + range.lowerBound, range.count) == 0)
      }
      guard same else { return nil }
      parsed.entries[index].path = path
    }
    return parsed.entries
  }

  /// The entry `input` is at in the index, after its path, with no path of its own; its
  /// record lies at its offset from `records` in the same bytes.
  private func entry(from input: inout BinaryReader, records: Int) throws -> Entry {
    let digest = try input.contentHash()
    let recordDigest = try input.contentHash()
    let status = try input.optional { try $0.fileStatus() }
    // Where the record lies among the records, which follow the index.
    let (offset, length) = (try input.unsigned(), try input.unsigned())
    let recordSum = try input.contentHash()
    let room = UInt64(input.storage.count - records)
    guard offset <= room, length <= room - offset else {
      throw BinaryFormatError(description: "a record beyond the end of the cache")
    }
    let validation = try input.optional { input in
      Validation(
        configuration: try input.contentHash(),
        diagnostics: try input.array { try $0.diagnostic() })
    }
    return Entry(
      path: "", digest: digest, recordDigest: recordDigest, status: status,
      range: records + Int(offset)..<records + Int(offset + length), bytes: input.storage, recordSum: recordSum,
      validation: validation, resident: resident)
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
    // the same files matches them in place (`entries(in:listed:)`). The records follow the
    // index, each where the index says.
    var out = BinaryWriter(interning: false)
    var records = BinaryWriter(interning: false)
    out.unsigned(UInt64(kept.count))
    for (document, diagnostics, validation) in kept {
      guard let digest = document.digest, let recordDigest = document.recordDigest else { continue }
      out.string(document.path)
      out.contentHash(digest)
      out.contentHash(recordDigest)
      let status = document.status.flatMap { $0.isSettled(at: readSince) ? $0 : nil }
      out.optional(status) { $0.fileStatus($1) }
      let offset = records.bytes.count
      let sum: ContentHash
      if let entry = reused[document.path], entry.matches(path: document.path, digest: digest) {
        records.raw(entry.bytes[entry.range])
        sum = entry.recordSum
      } else {
        // Each record has its own string table, so that it reads on its own.
        var record = BinaryWriter()
        record.workload(document.workload)
        record.array(diagnostics) { $0.diagnostic($1) }
        records.raw(record.bytes[...])
        sum = record.bytes.withUnsafeBytes { Entry.sum(path: document.path, digest: digest, record: $0) }
      }
      out.unsigned(UInt64(offset))
      out.unsigned(UInt64(records.bytes.count - offset))
      out.contentHash(sum)
      let found = configuration.flatMap { configuration in validation.map { (configuration, $0) } }
      out.optional(found) { out, found in
        out.contentHash(found.0)
        out.array(found.1) { $0.diagnostic($1) }
      }
    }
    try out.bytes.withUnsafeBytes { index in
      try records.bytes.withUnsafeBytes { records in
        try CacheFile.store(path, kind: "workloads", key: key, indexAt: [index], recordsAt: [records])
      }
    }
  }
}
