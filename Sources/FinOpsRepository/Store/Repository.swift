import FinOpsCore
import Foundation

/// A governance repository on disk: `finops.yml` and `workloads/*.md` under one root.
public struct Repository: Sendable {
  /// The absolute path of the root folder (the one holding `finops.yml`).
  public var root: String

  /// The configuration file's name.
  public static let configurationFile = "finops.yml"
  /// The folder of workload files.
  public static let workloadsFolder = "workloads"

  /// Opens the repository rooted at `root`.
  public init(root: String) { self.root = root }

  /// The nearest folder at or above `start` that holds `finops.yml`.
  public static func find(from start: String) -> Repository? {
    var url = URL(fileURLWithPath: start).standardizedFileURL
    while true {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent(configurationFile).path) {
        return Repository(root: url.path)
      }
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { return nil }
      url = parent
    }
  }

  /// The absolute path of a repository-relative path.
  public func absolute(_ relative: String) -> String {
    root.hasSuffix("/") ? root + relative : root + "/" + relative
  }

  /// Repository-relative paths of the workload files, sorted: every `.md` file under
  /// `workloads/`, in subfolders too (hidden files and folders are skipped).
  public func workloadPaths() throws -> [String] {
    try walkWorkloads(statuses: false, sorted: true).flatMap { $0.map(\.path) }
  }

  /// The paths `workloadPaths()` lists, in directory order, for callers that visit every one
  /// anyway: sorting 10,000 paths costs about as much as listing them.
  public func unsortedWorkloadPaths() throws -> [String] {
    try walkWorkloads(statuses: false, sorted: false).flatMap { $0.map(\.path) }
  }

  /// The workload files `workloadPaths()` lists, in its order, each with its status (a link not
  /// followed; nil when it is no regular file), looked at through the folder as it is listed:
  /// the folders of `workloads/` are walked on all cores, and a file's status costs no walk of
  /// its path from the root.
  public func workloadFiles() throws -> (paths: [String], statuses: [FileStatus?]) {
    let blocks = try walkWorkloads(statuses: true, sorted: true)
    var (paths, statuses): ([String], [FileStatus?]) = ([], [])
    let count = blocks.reduce(0) { $0 + $1.count }
    paths.reserveCapacity(count)
    statuses.reserveCapacity(count)
    for block in blocks {
      for file in block {
        paths.append(file.path)
        statuses.append(file.status)
      }
    }
    return (paths, statuses)
  }

  /// Every workload file, with its status when `statuses`, in blocks: sorted by path throughout
  /// when `sorted`, else in directory order.
  private func walkWorkloads(statuses: Bool, sorted: Bool) throws -> [[(path: String, status: FileStatus?)]] {
    guard FileManager.default.fileExists(atPath: absolute(Repository.workloadsFolder)) else {
      return []
    }
    let top = try list(Repository.workloadsFolder, statuses: statuses, walking: [])
    // Each folder of `workloads/` (a product's, say) with all below it, on all cores, and
    // sorted there.
    let below = parallelMap(top.folders.count) { index in
      Result {
        var files = try self.walk(top.folders[index], statuses: statuses, walking: top.walking)
        if sorted { Self.sortByPath(&files) }
        return files
      }
    }
    guard sorted else {
      var blocks = [top.files]
      for outcome in below { blocks.append(try outcome.get()) }
      return blocks
    }
    // Each file of `workloads/` itself, and each folder's files (all starting with the folder's
    // path and a slash), in the order of their first paths: then in order throughout when each
    // block's last path comes before the next block's first, which is checked (or they are
    // sorted whole).
    var blocks = top.files.map { [$0] }
    for outcome in below {
      let files = try outcome.get()
      if !files.isEmpty { blocks.append(files) }
    }
    blocks.sort { $0[0].path < $1[0].path }
    if zip(blocks, blocks.dropFirst()).allSatisfy({ StringOrder.precedes($0.last!.path, $1[0].path) }) { return blocks }
    var files: [(path: String, status: FileStatus?)] = []
    files.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
    for block in blocks { files += block }
    Self.sortByPath(&files)
    return [files]
  }

  /// Sorts `files` by path, as `String` sorts paths (`StringOrder`), moving them in place.
  static func sortByPath(_ files: inout [(path: String, status: FileStatus?)]) {
    let order = StringOrder.sortedPositions(count: files.count) { files[$0].path }
    guard !order.elementsEqual(files.indices) else { return }
    // The permutation applied cycle by cycle: elements swapped, never copied.
    var placed = [Bool](repeating: false, count: files.count)
    for start in files.indices where !placed[start] {
      var current = start
      placed[start] = true
      while !placed[order[current]] {
        files.swapAt(current, order[current])
        current = order[current]
        placed[current] = true
      }
    }
  }

  /// The files of the folder `relative` and of every folder below it, in directory order;
  /// `walking`: the folders being walked above it.
  private func walk(_ relative: String, statuses: Bool, walking: Set<[UInt64]>) throws
    -> [(path: String, status: FileStatus?)]
  {
    let listed = try list(relative, statuses: statuses, walking: walking)
    var files = listed.files
    for folder in listed.folders { files += try walk(folder, statuses: statuses, walking: listed.walking) }
    return files
  }

  /// The files (`.md`) and folders of the folder `relative`, each file with its status when
  /// `statuses`, and the folders being walked once it is (`walking` and this one), by device
  /// and inode: a link to one of them (`workloads/loop -> ..`) would otherwise be walked for
  /// ever, and is not walked (no files, no folders). Two links to one folder elsewhere are two
  /// folders, as before.
  private func list(_ relative: String, statuses: Bool, walking: Set<[UInt64]>) throws -> (
    files: [(path: String, status: FileStatus?)], folders: [String], walking: Set<[UInt64]>
  ) {
    let folder = absolute(relative)
    var info = stat()
    var walking = walking
    if stat(folder, &info) == 0 {
      guard walking.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return ([], [], walking) }
    }
    // readdir tells folders by their entry type; FileManager's listing followed by a stat of
    // every entry took several milliseconds a walk, a twentieth of `submit`.
    guard let stream = opendir(folder) else { throw Self.readError(folder) }
    defer { closedir(stream) }
    let descriptor = dirfd(stream)
    var files: [(path: String, status: FileStatus?)] = []
    var folders: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(stream) else {
        if errno != 0 { throw Self.readError(folder) }
        break
      }
      let type = entry.pointee.d_type
      // The entry's name as it is on disk, and as a string.
      func withName<T>(_ body: (UnsafePointer<CChar>) -> T) -> T {
        withUnsafePointer(to: &entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256, body) }
      }
      // Hidden entries and names told from their bytes before any string is made (a string's
      // `hasSuffix` compares characters, a tenth of a walk).
      let (hidden, markdown) = withName { name -> (Bool, Bool) in
        let length = strlen(name)
        return (
          name[0] == 0x2E,
          length >= 3 && name[length - 3] == 0x2E && name[length - 2] == 0x6D && name[length - 1] == 0x64
        )
      }
      guard !hidden, markdown || type == UInt8(DT_DIR) || type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) else {
        continue
      }
      let name = withName { FileManager.default.string(withFileSystemRepresentation: $0, length: strlen($0)) }
      var child = relative
      child.reserveCapacity(relative.utf8.count + 1 + name.utf8.count)
      child += "/"
      child += name
      if markdown {
        var info = stat()
        let found = statuses && withName { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
        files.append((child, found ? FileStatus(info) : nil))
      } else if type == UInt8(DT_DIR) {
        folders.append(child)
      } else if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
        // A link to a folder is followed, as FileManager's `fileExists` follows it.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute(child), isDirectory: &isFolder), isFolder.boolValue {
          folders.append(child)
        }
      }
    }
    return (files, folders, walking)
  }

  /// The error of a folder that cannot be listed, as FileManager reports one (its code from
  /// `errno`, with the path).
  private static func readError(_ folder: String) -> Error {
    let code = errno
    let kind: CocoaError.Code =
      switch code {
      case EACCES, EPERM: .fileReadNoPermission
      case ENOENT, ENOTDIR: .fileReadNoSuchFile
      default: .fileReadUnknown
      }
    return CocoaError(kind, userInfo: [
      NSFilePathErrorKey: folder, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO),
    ])
  }

  /// The path of the workload with this slug, wherever under `workloads/` it is.
  public func path(ofWorkload slug: String) throws -> String? {
    try path(ofWorkload: slug, among: try unsortedWorkloadPaths())
  }

  /// The path of the workload with this slug among `paths` (what `unsortedWorkloadPaths` lists,
  /// walked once by a caller that needs it for more), read only when the slug is not at the top.
  public func path(ofWorkload slug: String, among paths: @autoclosure () throws -> [String]) rethrows
    -> String?
  {
    let flat = Repository.workloadsFolder + "/" + slug + ".md"
    if FileManager.default.fileExists(atPath: absolute(flat)) { return flat }
    // A file name never holds a slash, so such a slug names no file in a subfolder.
    guard !slug.utf8.contains(UInt8(ascii: "/")) else { return nil }
    // Byte comparison of the name: a new workload's free slug is checked against every path.
    // The first match in sorted order wins, as in `workloadPaths()`.
    let name = ("/" + slug + ".md").utf8
    return try paths().filter { path in
      path.utf8.count >= name.count && path.utf8.suffix(name.count).elementsEqual(name)
    }.min()
  }

  /// Where a new workload's file goes: `workloads/SLUG.md`, or inside the folder of its org
  /// unit when `finops.yml` groups workloads by a level (`workloads: {folders: by-product}`).
  public static func newWorkloadPath(slug: String, product: String, configuration: Configuration)
    -> String
  {
    guard let level = configuration.workloadFolders.level,
      let path = configuration.organization.path(to: product), path.indices.contains(level - 1)
    else { return workloadsFolder + "/" + slug + ".md" }
    return workloadsFolder + "/" + path[level - 1] + "/" + slug + ".md"
  }

  /// Reads a repository-relative file as UTF-8 text; a diagnostic when it cannot.
  public func read(_ relative: String) -> Result<String, Diagnostic> {
    let location = SourceLocation(path: relative, line: 1, column: 1)
    guard let data = FileManager.default.contents(atPath: absolute(relative)) else {
      return .failure(.error(location, rule: "file.unreadable", "cannot read \(relative)"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(
        .error(location, rule: "file.encoding", "\(relative) is not valid UTF-8 text"))
    }
    return .success(text)
  }
}
