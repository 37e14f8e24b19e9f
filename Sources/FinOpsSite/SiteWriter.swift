import FinOpsCore
import FinOpsTemplates
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a built site so that no reader ever sees half a file, and a failed build leaves the
/// old site as it was: pages go to a staging folder beside the output as they are rendered,
/// and only `commit()` puts them in place. A first build (or one without the page manifest of
/// the last) swaps the whole staged site in. A build that follows one into the same folder
/// updates it in place: pages unchanged since that build stay where they are, the staged ones
/// are moved in one by one, and whatever the build did not make is removed, so the folder
/// holds exactly the site either way. Should moving them in fail part way (a full disk, a
/// folder made read-only) or the process be killed meanwhile, the site holds new files and old
/// ones, each whole, and the next build completes it: the manifest is written only after a
/// commit, and each of its entries is checked against its file.
public final class SiteWriter: SiteOutput, @unchecked Sendable {
  private let target: URL
  private let staging: URL
  /// Where the old site goes while a staged one is swapped in.
  private let oldSite: URL
  /// `target.path` and `staging.path`, made once.
  private let targetPath: String
  private let stagingPath: String
  private let lock = NSLock()
  /// Folders already made in the staging folder.
  private var folders: Set<String> = [""]
  /// Where the keys of the pages are kept between builds (`PageManifest`); nil: no page is
  /// reused and none is kept.
  private let manifest: String?
  /// The pages the previous build into this folder wrote from a key, in the manifest's order.
  private let earlier: PageManifest.Table
  /// Whether the site is updated in place rather than swapped whole: the folder is there, with
  /// the manifest of the build that wrote it.
  private let inPlace: Bool
  /// The folders of the site with a page of the previous build, each opened once to look at
  /// their files; nil when the site is not updated in place.
  private let files: FolderFiles?
  /// What was found of the site the previous build left, looked at on a thread of its own from
  /// when this was made (`lookAhead`): for `carry`, and for the commit's count of what the site
  /// holds.
  private let ahead: Eventually<Ahead>?

  /// Whether `carry` left pages by what was found of them ahead (a quick build, which puts the
  /// site in place moments later): only then does the commit judge the site by the folders'
  /// counts made ahead. A whole build handed this writer takes seconds, and counts again.
  private var carriedAhead = false

  /// The site as it was looked at ahead.
  private struct Ahead: Sendable {
    /// What `files` found of each page of the previous build, by its position in `earlier`.
    var found: [FolderFiles.Found?]
    /// How many entries each folder of those pages held (`entryCount`), and each folder above
    /// them.
    var entries: [ExactText: Int?]
    /// How many each of those folders holds when the site is exactly those pages
    /// (`expectedEntries`).
    var expected: [ExactText: Int]
  }
  /// The pages of this build written from a key (and parts), noted once they are in place.
  private var written: [String: (key: String, parts: [FilePart], fragments: [TemplateFragment])] = [:]
  /// Folders of the site found to be real folders, not links (a page in a linked folder is not
  /// left in place: the commit replaces the link with a folder).
  private var realFolders: Set<String> = [""]
  /// The files written into the staging folder.
  private var staged: [String] = []
  /// Each staged file's inode: what the manifest records is the file at its path in the site
  /// only while it is still this build's file.
  private var stagedInodes: [String: UInt64] = [:]
  /// The files of the site left in place as they are: their positions in `earlier`.
  private var unchanged: [Int] = []
  /// The files of the site left in place with a new build time (`redate`): each with its last
  /// entry, its new key and the time written over its old one when the build is put in place.
  private var redates: [String: Redate] = [:]
  /// The entries of those files once the new time is in them.
  private var redatedEntries: [String: PageManifest.Entry] = [:]
  /// How many pages were taken from the previous build.
  public private(set) var reused = 0
  /// How many were copied from it with a new build time.
  public private(set) var redatedCount = 0
  /// How many rows the lists of the pages rendered held, and how many of them were copied
  /// from the previous build's files.
  public private(set) var rows = (rendered: 0, copied: 0)

  /// Prepares a staging folder for the site at `output`; with a `manifest` file, pages whose
  /// key has not changed are taken from the site already there. With `lookAhead`, every page of
  /// the previous build is looked at (its status) from now on, on a thread of its own, for a
  /// `carry` that follows: a quick build looks at ten thousand pages while it compares the
  /// workload files with its memo, instead of after.
  public init(output: String, manifest: String? = nil, lookAhead: Bool = false) throws {
    let manager = FileManager.default
    target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let pid = ProcessInfo.processInfo.processIdentifier
    staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
    oldSite = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
    targetPath = target.path
    stagingPath = staging.path
    try? manager.removeItem(at: staging)
    Self.removeAbandoned(in: parent.path, site: target.lastPathComponent)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    self.manifest = manifest
    let folder = targetPath
    let earlier = manifest.map { PageManifest.load($0, target: folder) } ?? PageManifest.Table()
    self.earlier = earlier
    var isFolder: ObjCBool = false
    inPlace = !earlier.isEmpty && manager.fileExists(atPath: targetPath, isDirectory: &isFolder) && isFolder.boolValue
    let files = inPlace ? FolderFiles(root: targetPath, folders: FolderFiles.folders(of: earlier.pages)) : nil
    self.files = files
    let target = targetPath
    ahead = files.flatMap { files in
      guard lookAhead else { return nil }
      return Eventually {
        let found = files.statuses(earlier.pages)
        let root = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if root >= 0 { close(root) } }
        let expected = Self.expectedEntries(earlier.pages)
        return Ahead(
          found: found,
          entries: Dictionary(uniqueKeysWithValues: expected.keys.map { ($0, root >= 0 ? Self.entryCount($0, in: root) : nil) }),
          expected: expected)
      }
    }
  }

  /// Leaves the previous build's file at `path` in place when it was written from `key` and
  /// is unchanged since (same size, modification and change times and inode as when it was
  /// put in the site, as `make` and git judge files); false otherwise.
  public func reuse(_ path: String, key: String) throws -> Bool {
    guard let position = earlier.position(of: path), earlier.entries[position].key == key,
      isUnchanged(path, as: earlier.entries[position].status)
    else { return false }
    lock.withLock {
      unchanged.append(position)
      reused += 1
    }
    return true
  }

  /// Whether the previous build's file at `path`, once with `status`, is in a real folder of
  /// the site and unchanged since (same size, modification and change times and inode).
  private func isUnchanged(_ path: String, as status: FileStatus) -> Bool {
    var folder: (path: String, real: Bool)?
    return isUnchanged(path, as: status, folder: &folder)
  }

  /// `isUnchanged(_:as:)` for one of many files; `folder` is the last one's folder and whether
  /// it is a real one, looked up again only for a file in another (most files are in the folder
  /// of the one before: a folder made and looked up for each took a tenth of `carry`). `found`:
  /// what was found of the file when it was looked at ahead (`lookAhead`); nil: it is looked at
  /// now.
  private func isUnchanged(
    _ path: String, as status: FileStatus, folder: inout (path: String, real: Bool)?, found: FolderFiles.Found?? = nil
  ) -> Bool {
    if folder.map({ !Self.isDirectly(path, in: $0.path) }) ?? true {
      let path = Self.folder(of: path)
      folder = (path, isRealFolder(path))
    }
    guard let files, folder?.real == true else { return false }
    return (found ?? files.status(path))?.status == status
  }

  /// How many files the previous build into this folder wrote from a key (every file of a
  /// build with the cache), when the site is updated in place; none otherwise.
  public var previousCount: Int { inPlace ? earlier.pages.count : 0 }

  /// Leaves each previous build's file in place but those of `made`, with the new build time
  /// written over its old one when it shows one: for files a quick build knows to be what this
  /// build would make but for the time (`BuildMemo`), on all cores. `times` pairs each form of
  /// the previous build's time with the same form of this build's; `keys` gives the key some
  /// files must have been kept under. Only files as that build wrote them (`reuse`, `redate`);
  /// false when any is not, or shows a time of no form in `times` (nothing is noted then).
  /// The files are gone through in the manifest's order, by position: hashing each page to
  /// find its entry cost more than looking at its file.
  public func carry(except made: Set<String>, times: [(old: String, new: String)], keys: [String: String] = [:]) -> Bool {
    guard inPlace else { return true }
    let skipped = Set(made.compactMap { earlier.position(of: $0) })
    let required = Dictionary(
      keys.compactMap { page, key in earlier.position(of: page).map { ($0, key) } }, uniquingKeysWith: { first, _ in first })
    let count = earlier.pages.count
    // What was found of each page when it was looked at ahead, if it was.
    let looked = ahead?.value.found
    // In runs, each noted at once: ten thousand files noted one by one under the lock kept the
    // cores waiting on each other.
    let runs = stride(from: 0, to: count, by: 256).map { $0..<min($0 + 256, count) }
    let outcomes = parallelMap(runs.count) { run -> (unchanged: [Int], redates: [(String, Redate)])? in
      var unchanged: [Int] = []
      var redates: [(String, Redate)] = []
      var folder: (path: String, real: Bool)?
      for position in runs[run] where !skipped.contains(position) {
        let path = earlier.pages[position]
        let key = earlier.entries[position].key
        if let required = required[position], required != key { return nil }
        // A key is hexadecimal; what follows a space in it is the time the file shows.
        let found = looked.map { $0[position] }
        guard let space = key.utf8.firstIndex(of: UInt8(ascii: " ")) else {
          guard isUnchanged(path, as: earlier.entries[position].status, folder: &folder, found: found) else { return nil }
          unchanged.append(position)
          continue
        }
        let shown = key[key.index(after: space)...]
        guard let time = times.first(where: { $0.old == shown })?.new else { return nil }
        if time == shown {
          guard isUnchanged(path, as: earlier.entries[position].status, folder: &folder, found: found) else { return nil }
          unchanged.append(position)
        } else {
          guard
            let redate = redate(path, of: earlier.entries[position], key: String(key[..<space]), time: time, found: found)
          else {
            return nil
          }
          redates.append((path, redate))
        }
      }
      return (unchanged, redates)
    }
    guard !outcomes.contains(where: { $0 == nil }) else { return false }
    lock.withLock {
      carriedAhead = looked != nil
      for case let (unchanged, redates)? in outcomes {
        self.unchanged += unchanged
        reused += unchanged.count
        for (path, redate) in redates { self.redates[path] = redate }
        redatedCount += redates.count
      }
    }
    return true
  }

  /// The previous build's file at `path` with its parts, when that build noted them and the
  /// file is still as it wrote it; nil otherwise.
  public func previous(_ path: String) -> PreviousFile? {
    guard inPlace, let entry = earlier[path], !entry.parts.isEmpty || !entry.fragments.isEmpty,
      isRealFolder(Self.folder(of: path)), let bytes = Self.read(targetPath + "/" + path, as: entry.status)
    else { return nil }
    return PreviousFile(key: entry.key, bytes: bytes, parts: entry.parts, fragments: entry.fragments.decoded())
  }

  /// The bytes of the regular file at `path` (a link is not followed) while it is as `status`
  /// has it, before and after it is read; nil otherwise.
  static func read(_ path: String, as status: FileStatus) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    guard FileStatus(descriptor: descriptor) == status, let size = Int(exactly: status.size),
      let bytes = CacheFile.read(descriptor, size: size), FileStatus(descriptor: descriptor) == status
    else { return nil }
    return bytes
  }

  /// The previous build's file at `path` with its parts, as `previous(_:)`, without reading it.
  public func previousUnread(_ path: String) -> PreviousFile? {
    guard let entry = earlier[path], !entry.parts.isEmpty, isUnchanged(path, as: entry.status),
      let size = Int(exactly: entry.status.size)
    else { return nil }
    return PreviousFile(key: entry.key, unreadSize: size, parts: entry.parts)
  }

  /// Writes one file into the staging folder from pieces and from ranges of the previous
  /// build's file at the same path, copied file to file by the kernel (`copy_file_range`)
  /// without passing through memory. The previous file is opened once: a file put in its place
  /// meanwhile is not read; one changed in place while it was copied from fails the build.
  public func write(
    _ path: String, splicing previous: PreviousFile,
    produce: (_ sink: (inout [UInt8]) throws -> Void, _ copy: (Range<Int>) throws -> Void) throws -> Void
  ) throws {
    guard let entry = earlier[path] else { throw SiteWriteError(path: path, errno: ENOENT) }
    let source = open(targetPath + "/" + path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard source >= 0 else { throw SiteWriteError(path: path, errno: errno) }
    defer { close(source) }
    guard FileStatus(descriptor: source) == entry.status else { throw SiteWriteError(path: path, changed: true) }
    let descriptor = try create(path)
    defer { close(descriptor) }
    try produce(
      { piece in
        try Self.writeAll(piece, to: descriptor, path: path)
        piece.removeAll(keepingCapacity: true)
      },
      { range in
        let failure = copyRange(from: source, range, to: descriptor)
        guard failure == 0 else { throw SiteWriteError(path: path, errno: failure) }
      })
    guard FileStatus(descriptor: source) == entry.status else { throw SiteWriteError(path: path, changed: true) }
  }

  /// Leaves the previous build's file at `path` in place with `time` written over the build
  /// time at its time parts (`FilePart.time`) when the build is put in place (not before: a
  /// build that fails leaves the site as it was): when it was written from `key` and a time as
  /// long as `time` (the key it was kept under is `key`, a space and that time), every time part
  /// holds that time, the file is unchanged since (as `reuse` judges it), this process may write
  /// it, and it is no other name's too (a backup made of links must not change with the site).
  /// A reader sees the page with one time or the other, place by place; writing a new file and
  /// renaming it over the old, for a few bytes, took most of a build a minute after the last.
  public func redate(_ path: String, key: String, time: String) throws -> Bool {
    guard let entry = earlier[path], let redate = redate(path, of: entry, key: key, time: time) else { return false }
    lock.withLock { redates[path] = redate }
    return true
  }

  /// A file of the site to take a new build time when the build is put in place: its last
  /// entry, its new key and the time written over its old one.
  private struct Redate {
    var entry: PageManifest.Entry
    var key: String
    var time: [UInt8]
  }

  /// `redate(_:key:time:)`'s note for the file at `path`, of `entry`; nil when it cannot be.
  /// `found`: what was found of the file when it was looked at ahead; nil: it is looked at now.
  private func redate(
    _ path: String, of entry: PageManifest.Entry, key: String, time: String, found: FolderFiles.Found?? = nil
  ) -> Redate? {
    let prefix = key + " "
    let new = Array(time.utf8)
    guard manifest != nil, let files, entry.key.hasPrefix(prefix),
      entry.key.utf8.count - prefix.utf8.count == new.count, isRealFolder(Self.folder(of: path))
    else { return nil }
    let places = entry.parts.filter { $0.key == FilePart.time }
    guard !places.isEmpty, places.allSatisfy({ $0.range.count == new.count }) else { return nil }
    // The file as the last build left it (by its status, as a page left in place is judged),
    // with no other name, and one this process may write (the kernel asked unless the process
    // owns it and its owner may write it): a page it may not (another user's) is copied with the
    // new time, and put in place by renaming, as any other page. Its bytes are not read: a
    // status that matches says they are those the manifest describes.
    guard let (status, links, owned) = found ?? files.status(path), links == 1, status == entry.status,
      owned || files.isWritable(path)
    else { return nil }
    return Redate(entry: entry, key: key + " " + time, time: new)
  }

  /// The status of the file open at `descriptor` when it has no other name (one link); nil
  /// otherwise. A link made after the file's status was kept moves its change time on, which
  /// the status shows; the count shows one made while the build that wrote it put it in place.
  private static func status(ofOnlyName descriptor: Int32) -> FileStatus? {
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_nlink == 1 else { return nil }
    return FileStatus(info)
  }

  /// Whether every page noted to take a new build time is still the file it was when it was
  /// looked at (by its status, with no other name): checked before anything of the build is
  /// put in place, so that a page changed or removed meanwhile (by another process) fails the
  /// build and leaves the site as it was, instead of keeping its old time.
  private func checkRedates() throws {
    guard let files else { return }
    let pages = Array(redates)
    // On every core: a look at each file's status.
    try parallelEach(pages.count) { index in
      let (path, redate) = pages[index]
      guard let (status, links, _) = files.status(path), links == 1, status == redate.entry.status else {
        throw SiteWriteError(path: path, changed: true)
      }
    }
  }

  /// Writes each noted page's new build time over its old one, in the file in the site, and
  /// notes its entry. A page that cannot be written, or changed since `checkRedates` (in the
  /// moment between), fails the build; the next one makes it again (its entry is not noted).
  private func writeRedates() throws {
    guard let files else { return }
    let pages = Array(redates)
    // On every core: each is a few system calls on a file of its own.
    let outcomes = parallelMap(pages.count) { index -> Result<PageManifest.Entry, SiteWriteError> in
      let (path, redate) = pages[index]
      let descriptor = files.openFile(path, O_WRONLY)
      guard descriptor >= 0 else { return .failure(SiteWriteError(path: path, errno: errno)) }
      defer { close(descriptor) }
      guard Self.status(ofOnlyName: descriptor) == redate.entry.status else {
        return .failure(SiteWriteError(path: path, changed: true))
      }
      for part in redate.entry.parts where part.key == FilePart.time {
        let written = redate.time.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(part.range.lowerBound)) }
        guard written == redate.time.count else { return .failure(SiteWriteError(path: path, errno: written < 0 ? errno : EIO)) }
      }
      guard let status = FileStatus(descriptor: descriptor) else { return .failure(SiteWriteError(path: path, changed: true)) }
      var entry = PageManifest.Entry(key: redate.key, status: status)
      entry.parts = redate.entry.parts
      entry.fragments = redate.entry.fragments
      return .success(entry)
    }
    var failure: SiteWriteError?
    for ((path, _), outcome) in zip(pages, outcomes) {
      switch outcome {
      case .success(let entry): redatedEntries[path] = entry
      case .failure(let error): failure = failure ?? error
      }
    }
    if let failure { throw failure }
  }

  /// Counts a page copied from the previous build with a new build time.
  public func redated(_ path: String) { lock.withLock { redatedCount += 1 } }

  /// Counts the rows of a page rendered, and those copied from the previous build's file.
  public func rendered(_ path: String, rows count: Int, copied: Int) {
    lock.withLock {
      rows.rendered += count
      rows.copied += copied
    }
  }

  /// Notes the key and parts of a file just written into the staging folder.
  public func keep(_ path: String, key: String, parts: [FilePart]) {
    keep(path, key: key, parts: parts, fragments: [])
  }

  /// Notes the key, parts and fragments of a file just written into the staging folder.
  public func keep(_ path: String, key: String, parts: [FilePart], fragments: [TemplateFragment]) {
    guard manifest != nil else { return }
    lock.withLock { written[path] = (key, parts, fragments) }
  }

  /// Whether `folder` (relative) and every folder above it in the site is a folder, not a
  /// link to one; checked once a build.
  private func isRealFolder(_ folder: String) -> Bool {
    if lock.withLock({ realFolders.contains(folder) }) { return true }
    guard isRealFolder(Self.folder(of: folder)) else { return false }
    var info = stat()
    guard lstat(targetPath + "/" + folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
    lock.withLock { _ = realFolders.insert(folder) }
    return true
  }

  /// Notes the key of a page just written into the staging folder.
  public func keep(_ path: String, key: String) {
    keep(path, key: key, parts: [])
  }

  /// Writes one page into the staging folder (the builder never writes a path twice).
  public func write(_ path: String, _ bytes: [UInt8]) throws {
    let descriptor = try create(path)
    defer { close(descriptor) }
    try Self.writeAll(bytes, to: descriptor, path: path)
  }

  /// Writes one file into the staging folder piece by piece, each piece as it comes.
  public func write(_ path: String, streaming produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) throws {
    let descriptor = try create(path)
    defer { close(descriptor) }
    try produce { piece in
      try Self.writeAll(piece, to: descriptor, path: path)
      piece.removeAll(keepingCapacity: true)
    }
  }

  /// Creates the file for `path` in the staging folder, and its folder.
  private func create(_ path: String) throws -> Int32 {
    try makeFolder(Self.folder(of: path))
    let file = stagingPath + "/" + path
    // O_EXCL: never two writers on one file; the umask decides the permissions, as for any file.
    let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw SiteWriteError(path: path, errno: errno) }
    let inode = FileStatus(descriptor: descriptor)?.inode
    lock.withLock {
      staged.append(path)
      stagedInodes[path] = inode
    }
    return descriptor
  }

  /// The folder of `path`: its `/`-separated parts but the last, joined by `/`. A path of
  /// non-empty parts (every page's) is cut at its last slash, byte by byte; splitting it into
  /// Characters and joining them again cost more than writing a small page.
  static func folder(of path: String) -> String {
    let slash = UInt8(ascii: "/")
    let last: Int?? = path.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
      guard let first = bytes.first, first != slash, bytes.last != slash else { return nil }
      var last = 0
      for index in bytes.indices {
        // Only ASCII, where a slash is a Character of its own, and no empty part.
        guard bytes[index] < 0x80 else { return nil }
        if bytes[index] == slash {
          guard bytes[index - 1] != slash else { return nil }
          last = index
        }
      }
      return last
    }
    if let last = last ?? nil {
      return String(Substring(path.utf8.prefix(last)))
    }
    return path.split(separator: "/").dropLast().joined(separator: "/")
  }

  /// Whether the file at `path` is right in `folder` (as `folder(of:)` has it): checked byte
  /// for byte for a path of ASCII and non-empty parts, where that is the same.
  static func isDirectly(_ path: String, in folder: String) -> Bool {
    let slash = UInt8(ascii: "/")
    let answer: Bool?? = path.utf8.withContiguousStorageIfAvailable { path -> Bool? in
      folder.utf8.withContiguousStorageIfAvailable { folder -> Bool? in
        guard let first = path.first, first != slash, path.last != slash, path.allSatisfy({ $0 < 0x80 }),
          !zip(path, path.dropFirst()).contains(where: { $0 == slash && $1 == slash })
        else { return nil }
        let start = folder.isEmpty ? 0 : folder.count + 1
        guard path.count > start, folder.isEmpty || (path[folder.count] == slash && path.starts(with: folder)) else {
          return false
        }
        return !path[start...].contains(slash)
      } ?? nil
    }
    return (answer ?? nil) ?? (Self.folder(of: path) == folder)
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
    let failure = bytes.withUnsafeBytes { FinOpsCore.writeAll($0, to: descriptor) }
    guard failure == 0 else { throw SiteWriteError(path: path, errno: failure) }
  }


  private func makeFolder(_ folder: String) throws {
    lock.lock()
    defer { lock.unlock() }
    guard !folders.contains(folder) else { return }
    try FileManager.default.createDirectory(
      atPath: staging.path + "/" + folder, withIntermediateDirectories: true)
    folders.insert(folder)
  }

  /// Puts the staged site in place of the old one: swapped in whole, or, updating in place,
  /// the staged files moved in and what the build did not make removed. Then keeps the keys of
  /// the pages for the next build.
  public func commit() throws {
    // The entries of the pages left in place are encoded for the manifest while the staged
    // ones are moved in (a third of a build after one edit, on one core, took both in turn).
    let (moved, left) = concurrently({ Result { try moveIn() } }) { [self] in
      // The pages left in place, as the last manifest has them.
      manifest.map { _ in
        // In the manifest's order, each once, and none of them written again.
        let rewritten = Set(written.keys.compactMap { earlier.position(of: $0) })
        var kept: [Int] = []
        kept.reserveCapacity(unchanged.count)
        for position in unchanged.sorted() where kept.last != position && !rewritten.contains(position) {
          kept.append(position)
        }
        return PageManifest.Encoded(earlier, positions: kept)
      }
    }
    try moved.get()
    if let manifest, let left {
      // Each written page as it is now in the site (moving it in moved its change time on).
      var entries: [String: PageManifest.Entry] = [:]
      for (path, note) in written {
        // Another process may have put its own file there since (a build from another
        // checkout into the same folder): only this build's file is noted.
        guard var entry = PageManifest.Entry(file: targetPath + "/" + path, key: note.key),
          let inode = stagedInodes[path], entry.status.inode == inode
        else { continue }
        entry.parts = note.parts
        entry.fragments = .made(note.fragments)
        entries[path] = entry
      }
      entries.merge(redatedEntries) { _, redated in redated }
      // Without the new keys the next build only makes every page again; the old ones no
      // longer match the files (each check compares the file itself).
      if (try? PageManifest.save([left, PageManifest.Encoded(entries)], target: target.path, to: manifest)) == nil {
        unlink(manifest)
      }
    }
  }

  /// Moves the staged site in: swapped in whole, or, updating in place, the staged files moved
  /// in and what the build did not make removed. Should it fail, the staging folder is removed
  /// and the old site left (or put back) in place.
  private func moveIn() throws {
    let manager = FileManager.default
    if inPlace {
      // A manifest that outlived a failed update would still only match the files left
      // untouched: each entry is checked against its file.
      do {
        try update()
        try? manager.removeItem(at: staging)
      } catch {
        abandon()
        throw error
      }
    } else {
      do {
        if manager.fileExists(atPath: target.path) {
          try manager.moveItem(at: target, to: oldSite)
        }
        try manager.moveItem(at: staging, to: target)
        try? manager.removeItem(at: oldSite)
      } catch {
        abandon()
        if !manager.fileExists(atPath: target.path), manager.fileExists(atPath: oldSite.path) {
          try? manager.moveItem(at: oldSite, to: target)
        }
        throw error
      }
    }
  }

  /// Removes the staging and old folders (`.SITE.new-PID`, `.SITE.old-PID`) that builds left
  /// beside the site when they were killed: those of no running process here that nothing has
  /// touched for a day (a process id means nothing in another container sharing the folder).
  private static func removeAbandoned(in parent: String, site: String) {
    let manager = FileManager.default
    let now = Date()
    for name in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] {
      for prefix in [".\(site).new-", ".\(site).old-"] where name.hasPrefix(prefix) {
        guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(),
          kill(pid, 0) != 0, errno == ESRCH,
          let modified = (try? manager.attributesOfItem(atPath: parent + "/" + name))?[.modificationDate] as? Date,
          now.timeIntervalSince(modified) > 86_400
        else { continue }
        try? manager.removeItem(atPath: parent + "/" + name)
      }
    }
  }

  /// Moves each staged file into the site (a rename: readers see the old file or the new one)
  /// and writes the new build times (`redate`), then removes every file and folder of the site
  /// that this build did not make.
  private func update() throws {
    try checkRedates()
    var made: Set<String> = [""]
    for path in staged.sorted() {
      let folder = Self.folder(of: path)
      if !made.contains(folder) {
        try Self.makeFolders(folder, in: targetPath)
        made.insert(folder)
      }
      let destination = targetPath + "/" + path
      if rename(stagingPath + "/" + path, destination) != 0 {
        // A folder where the file goes: it is not part of the site.
        guard errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST else {
          throw SiteWriteError(path: path, errno: errno)
        }
        try FileManager.default.removeItem(atPath: destination)
        guard rename(stagingPath + "/" + path, destination) == 0 else { throw SiteWriteError(path: path, errno: errno) }
      }
    }
    try writeRedates()
    // Names compared byte for byte: `String` takes a composed accent for the decomposed one,
    // which are two files.
    let left = unchanged.map { earlier.pages[$0] } + redates.keys
    if holdsOnlyAsLookedAhead(staged + left, unchanged: unchanged) { return }
    let root = open(targetPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard root >= 0 else { throw SiteWriteError(path: "", errno: errno) }
    if Self.holdsOnly(staged + left, in: root) {
      close(root)
      return
    }
    var files = Set(staged.map(ExactText.init))
    files.formUnion(left.map(ExactText.init))
    var needed: Set<ExactText> = [ExactText("")]
    for path in staged + left {
      var folder = Self.folder(of: path)
      while needed.insert(ExactText(folder)).inserted { folder = Self.folder(of: folder) }
    }
    try Self.prune(root, relative: "", keeping: files, folders: needed)
  }

  /// Whether the site holds the files at `paths` and their folders and nothing else, judged by
  /// the entries its folders held when they were looked at ahead (`lookAhead`), before the
  /// staged files were moved in: when every staged file took the place of a page of the
  /// previous build that was there then, moving them in added no entry, and each folder holds
  /// what it held. False when the site was not looked at ahead for a quick build's `carry`, or
  /// a staged file is another (`holdsOnly` then lists the folders again). A file put in the site
  /// by another process after it was looked at stays until the next build, as one put there
  /// after `holdsOnly` does.
  ///
  /// `paths` are the site's files, `unchanged` the positions in `earlier` of those left as they
  /// were. When the files are the previous build's pages, each once (a build after an edit to a
  /// description), the folders' counts are those worked out ahead.
  private func holdsOnlyAsLookedAhead(_ paths: [String], unchanged: [Int]) -> Bool {
    guard lock.withLock({ carriedAhead }), let ahead = ahead?.value,
      staged.allSatisfy({ path in earlier.position(of: path).map { ahead.found[$0] != nil } ?? false })
    else { return false }
    let expected = isEarlierPages(unchanged) ? ahead.expected : Self.expectedEntries(paths)
    return expected.allSatisfy { folder, expected in ahead.entries[folder] == expected }
  }

  /// Whether the staged files, the redated ones and those at `unchanged` (positions in
  /// `earlier`) are the previous build's pages, each of them once.
  private func isEarlierPages(_ unchanged: [Int]) -> Bool {
    guard staged.count + redates.count + unchanged.count == earlier.pages.count else { return false }
    var seen = [Bool](repeating: false, count: earlier.pages.count)
    func see(_ position: Int?) -> Bool {
      guard let position, position >= 0, position < seen.count, !seen[position] else { return false }
      seen[position] = true
      return true
    }
    return unchanged.allSatisfy { see($0) } && staged.allSatisfy { see(earlier.position(of: $0)) }
      && redates.keys.allSatisfy { see(earlier.position(of: $0)) }
  }

  /// Whether the site open as `root` holds the files at `paths` (each of them there, a file)
  /// and their folders and nothing else: whether each of those folders holds as many entries as
  /// they put in it. Counting the entries costs a fraction of matching each name against the
  /// site's (`prune`), and a build after one edit leaves nothing else there.
  private static func holdsOnly(_ paths: [String], in root: Int32) -> Bool {
    expectedEntries(paths).allSatisfy { folder, expected in entryCount(folder, in: root) == expected }
  }

  /// How many entries each folder holds when the site is exactly the files at `paths` and their
  /// folders: by folder (relative, "" for the site's own), names compared byte for byte.
  private static func expectedEntries(_ paths: some Sequence<String>) -> [ExactText: Int] {
    var counts: [ExactText: Int] = [ExactText(""): 0]
    func count(_ files: Int, in folder: String) {
      let key = ExactText(folder)
      if let count = counts[key] {
        counts[key] = count + files
        return
      }
      counts[key] = files
      // A folder first seen: an entry of the folder above it.
      count(1, in: Self.folder(of: folder))
    }
    // Files of one folder mostly come one after another (sorted pages): each run is counted at
    // once, its folder looked up once.
    var run: (folder: ExactText, files: Int)?
    for path in paths {
      let folder = ExactText(Self.folder(of: path))
      if let current = run, current.folder == folder {
        run = (folder, current.files + 1)
        continue
      }
      if let current = run { count(current.files, in: current.folder.text) }
      run = (folder, 1)
    }
    if let current = run { count(current.files, in: current.folder.text) }
    return counts
  }

  /// How many entries (but `.` and `..`) the folder `folder` of the site open as `root` holds;
  /// nil when it is no folder (a link to one is not followed) or cannot be listed.
  private static func entryCount(_ folder: ExactText, in root: Int32) -> Int? {
    // Opened anew, the site's own folder too: a duplicate of `root` would share its place in
    // the listing, and leave none of it for `prune`.
    let descriptor = openat(
      root, folder.text.isEmpty ? "." : folder.text, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0, let stream = fdopendir(descriptor) else {
      if descriptor >= 0 { close(descriptor) }
      return nil
    }
    defer { closedir(stream) }
    var found = 0
    while let entry = readdir(stream) {
      let isDot = Self.withName(entry) { name in
        name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
      }
      if !isDot { found += 1 }
    }
    return found
  }

  /// Makes `folder` (relative, `/`-separated) and the folders above it inside `root`, removing
  /// any file that stands where one of them goes.
  private static func makeFolders(_ folder: String, in root: String) throws {
    guard !folder.isEmpty else { return }
    var path = root
    for part in folder.split(separator: "/") {
      path += "/" + part
      var info = stat()
      if lstat(path, &info) == 0 {
        if (info.st_mode & S_IFMT) == S_IFDIR { continue }
        guard unlink(path) == 0 else { throw SiteWriteError(path: folder, errno: errno) }
      }
      guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw SiteWriteError(path: folder, errno: errno) }
    }
  }

  /// Removes from the folder `relative` of the site (open as `descriptor`, which it closes)
  /// every entry that is neither one of `files` nor one of `folders` (each relative to the
  /// site), and prunes the folders kept. Names are handled as bytes: a name that is not UTF-8 is
  /// never the site's, and is removed like any other.
  private static func prune(_ descriptor: Int32, relative: String, keeping files: Set<ExactText>, folders: Set<ExactText>) throws {
    defer { close(descriptor) }
    for (name, type) in try entries(dup(descriptor)) {
      let decoded = name.withUnsafeBufferPointer { characters in
        characters.withMemoryRebound(to: UInt8.self) { String(exactly: UnsafeBufferPointer(rebasing: $0.dropLast())) }
      }
      let path = decoded.map { relative.isEmpty ? $0 : relative + "/" + $0 }
      var isFolder = type == UInt8(DT_DIR)
      if type == UInt8(DT_UNKNOWN) {
        var info = stat()
        isFolder = fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      }
      if let path, isFolder, folders.contains(ExactText(path)) {
        let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else { throw SiteWriteError(path: path, errno: errno) }
        try prune(child, relative: path, keeping: files, folders: folders)
      } else if isFolder || path.map({ !files.contains(ExactText($0)) }) ?? true {
        try remove(name, in: descriptor, path: path ?? relative)
      }
    }
  }

  /// The names and types of the entries of the folder open as `descriptor`, which it closes.
  private static func entries(_ descriptor: Int32) throws -> [(name: [CChar], type: UInt8)] {
    guard let stream = fdopendir(descriptor) else {
      close(descriptor)
      throw SiteWriteError(path: "", errno: errno)
    }
    defer { closedir(stream) }
    var result: [(name: [CChar], type: UInt8)] = []
    while let entry = readdir(stream) {
      let name = Self.withName(entry) { name in
        (0...strlen(name)).map { CChar(bitPattern: name[$0]) }
      }
      if name == [46, 0] || name == [46, 46, 0] { continue }
      result.append((name, entry.pointee.d_type))
    }
    return result
  }

  /// `body` given the name of the directory entry `entry`, read in place up to its terminating
  /// zero: a copy of the whole `d_name` field would read past the end of a short entry.
  private static func withName<T>(_ entry: UnsafeMutablePointer<dirent>, _ body: (UnsafePointer<UInt8>) -> T) -> T {
    withUnsafePointer(to: &entry.pointee.d_name) { $0.withMemoryRebound(to: UInt8.self, capacity: 256, body) }
  }

  /// Removes the entry `name` of the folder open as `descriptor`, and everything in it.
  private static func remove(_ name: [CChar], in descriptor: Int32, path: String) throws {
    if unlinkat(descriptor, name, 0) == 0 { return }
    guard errno == EISDIR || errno == EPERM else { throw SiteWriteError(path: path, errno: errno) }
    let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard child >= 0 else { throw SiteWriteError(path: path, errno: errno) }
    defer { close(child) }
    for (inner, _) in try entries(dup(child)) { try remove(inner, in: child, path: path) }
    guard unlinkat(descriptor, name, AT_REMOVEDIR) == 0 else { throw SiteWriteError(path: path, errno: errno) }
  }

  /// Removes the staging folder, leaving the old site untouched.
  public func abandon() {
    try? FileManager.default.removeItem(at: staging)
  }
}

/// A page that could not be written.
public struct SiteWriteError: Error, CustomStringConvertible {
  /// The page, relative to the site.
  public var path: String
  /// The system's error number.
  public var errno: Int32 = 0
  /// Two pages of the build have this path (an org unit id or a person's slug that clashes).
  public var duplicate = false
  /// The previous build's file at this path, which this one copies from, changed meanwhile.
  public var changed = false

  /// `path: reason`.
  public var description: String {
    duplicate
      ? "\(path): two pages of the site would be written here; rename the org unit or person whose page clashes"
      : changed
        ? "\(path): the file in the site changed while this build used it; build again"
        : "\(path): \(String(cString: strerror(errno)))"
  }
}

/// Copies `range` of the file open at `source` to the end of what was written to `target`
/// (at its offset), in the kernel where it can (`copy_file_range`), by reading and writing
/// where it cannot; 0, or the error number.
func copyRange(from source: Int32, _ range: Range<Int>, to target: Int32) -> Int32 {
  var offset = off_t(range.lowerBound)
  var left = range.count
  while left > 0 {
    let copied = kernelCopy.map { $0(source, &offset, target, nil, left, 0) } ?? -2
    if copied > 0 {
      left -= copied
      continue
    }
    if copied == -1, errno == EINTR { continue }
    // Nothing copied (the file ends before the range does, or a file system that copies
    // nothing) or no copy in the kernel between these files: read and written, which tells.
    guard copied == 0 || copied == -2 || [EXDEV, EINVAL, ENOSYS, EOPNOTSUPP].contains(errno) else { return errno }
    var buffer = [UInt8](repeating: 0, count: min(left, 1 << 20))
    while left > 0 {
      let read = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress, min(left, $0.count), offset) }
      if read < 0, errno == EINTR { continue }
      guard read > 0 else { return read == 0 ? EIO : errno }
      let failure = buffer.withUnsafeBytes { FinOpsCore.writeAll(UnsafeRawBufferPointer(rebasing: $0[..<read]), to: target) }
      guard failure == 0 else { return failure }
      offset += off_t(read)
      left -= read
    }
  }
  return 0
}

/// `copy_file_range(2)`, found at run time (Glibc's module map leaves it out); nil where the C
/// library has none.
private let kernelCopy: (@convention(c) (Int32, UnsafeMutablePointer<off_t>?, Int32, UnsafeMutablePointer<off_t>?, Int, UInt32) -> Int)? = {
  typealias Copy = @convention(c) (Int32, UnsafeMutablePointer<off_t>?, Int32, UnsafeMutablePointer<off_t>?, Int, UInt32) -> Int
  guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "copy_file_range") else { return nil }
  return unsafeBitCast(symbol, to: Copy.self)
}()
