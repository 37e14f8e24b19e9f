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
    try unsortedWorkloadPaths().sorted()
  }

  /// The paths `workloadPaths()` lists, in directory order, for callers that visit every one
  /// anyway: sorting 10,000 paths costs about as much as listing them.
  public func unsortedWorkloadPaths() throws -> [String] {
    var paths: [String] = []
    // The folders being walked, by device and inode: a link to one of them (`workloads/loop ->
    // ..`) would otherwise be walked for ever, and is not walked. Two links to one folder
    // elsewhere are two folders, as before.
    var walking: Set<[UInt64]> = []
    func visit(_ relative: String) throws {
      let folder = absolute(relative)
      var info = stat()
      let identity = stat(folder, &info) == 0 ? [UInt64(info.st_dev), UInt64(info.st_ino)] : nil
      if let identity {
        guard walking.insert(identity).inserted else { return }
      }
      defer { if let identity { walking.remove(identity) } }
      // readdir tells folders by their entry type; FileManager's listing followed by a stat of
      // every entry took several milliseconds a walk, a twentieth of `submit`.
      guard let stream = opendir(folder) else { throw Self.readError(folder) }
      defer { closedir(stream) }
      var folders: [String] = []
      while true {
        errno = 0
        guard let entry = readdir(stream) else {
          if errno != 0 { throw Self.readError(folder) }
          break
        }
        let type = entry.pointee.d_type
        let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
          pointer.withMemoryRebound(to: CChar.self, capacity: 256) { characters in
            FileManager.default.string(withFileSystemRepresentation: characters, length: strlen(characters))
          }
        }
        guard !name.hasPrefix(".") else { continue }
        let child = relative + "/" + name
        if name.hasSuffix(".md") {
          paths.append(child)
        } else if type == UInt8(DT_DIR) {
          folders.append(child)
        } else if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
          // A link to a folder is followed, as FileManager's `fileExists` follows it.
          var isFolder: ObjCBool = false
          if FileManager.default.fileExists(atPath: absolute(child), isDirectory: &isFolder),
            isFolder.boolValue
          {
            folders.append(child)
          }
        }
      }
      for child in folders { try visit(child) }
    }
    guard FileManager.default.fileExists(atPath: absolute(Repository.workloadsFolder)) else {
      return []
    }
    try visit(Repository.workloadsFolder)
    return paths
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
