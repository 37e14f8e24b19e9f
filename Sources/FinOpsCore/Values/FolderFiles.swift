#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Looks at many files in a few known folders under `root`: each folder is opened once, when
/// this is made, and its files are looked at through it (`fstatat`, `openat`) instead of walking
/// every path from the root again, which costs a third more on a virtual machine whose system
/// calls are slow. A file in another folder, or in one past the descriptors this may hold
/// (`budget`), is looked at by its whole path. Folders are opened as they are when this is
/// made: one replaced since is the old folder here. Shared by threads (nothing in it changes
/// once made).
public final class FolderFiles: Sendable {
  private let root: String
  /// Each folder opened (relative, "" for `root`; compared byte for byte: `String` takes a
  /// composed accent for the decomposed one, which are two folders); -1 for one that could not
  /// be.
  private let folders: [ExactText: Int32]

  /// `root`'s `folders` (relative, `/`-separated, "" for `root` itself), each opened now.
  public init(root: String, folders: some Sequence<String>) {
    self.root = root
    var opened: [ExactText: Int32] = [:]
    var held = 0
    for folder in folders where opened[ExactText(folder)] == nil && held < Self.budget {
      let descriptor = open(folder.isEmpty ? root : root + "/" + folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      if descriptor >= 0 { held += 1 }
      opened[ExactText(folder)] = descriptor
    }
    self.folders = opened
  }

  /// How many folders one of these holds open at most: an eighth of the descriptors the process
  /// may open, and no more than 128. One for each folder of a repository with hundreds of them
  /// would take every descriptor (256 by default on macOS), and every file read meanwhile would
  /// fail.
  static let budget: Int = {
    var limit = rlimit()
    #if canImport(Darwin)
      let resource = RLIMIT_NOFILE
    #else
      let resource = Int32(RLIMIT_NOFILE.rawValue)
    #endif
    guard getrlimit(resource, &limit) == 0 else { return 16 }
    return Int(min(128, limit.rlim_cur / 8))
  }()

  deinit {
    for descriptor in folders.values where descriptor >= 0 { close(descriptor) }
  }

  /// The folders of `paths` (each relative, `/`-separated), "" for a path without one.
  public static func folders(of paths: some Sequence<String>) -> Set<String> {
    var folders: Set<String> = []
    for path in paths {
      var path = path
      folders.insert(path.withUTF8 { split($0).folder })
    }
    return folders
  }

  /// The folder of the path of `bytes` ("" for none) and where the file's name starts: the
  /// path is cut at its last slash.
  private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (folder: String, name: Int) {
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return ("", 0) }
    return (String(decoding: bytes[..<slash], as: UTF8.self), slash + 1)
  }

  /// A file's status, how many names it has, and whether this process owns it and its owner may
  /// write it (`status(_:)`).
  public typealias Found = (status: FileStatus, links: Int, ownedWritable: Bool)

  /// The status of the file at `path` (relative to the root, `/`-separated), a symbolic link
  /// not followed, how many names it has, and whether this process owns it and its owner may
  /// write it (a sure sign this process may; otherwise ask `isWritable`); nil when it is no
  /// regular file.
  public func status(_ path: String) -> Found? {
    statuses([path])[0]
  }

  /// The status of each file at `paths`, as `status(_:)` gives it, in their order: a run of
  /// files in one folder is looked at through that folder without looking it up again (ten
  /// thousand pages of a site, most of them in one folder).
  public func statuses(_ paths: [String]) -> [Found?] {
    var folder: (bytes: [UInt8], descriptor: Int32?)?
    return paths.map { path in
      var info = stat()
      let count = path.utf8.count
      let found = path.withCString { start -> Int32 in
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: count)
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let name = slash.map { $0 + 1 } ?? 0
        let folderBytes = UnsafeBufferPointer(rebasing: bytes[..<(slash ?? 0)])
        if folder.map({ !$0.bytes.elementsEqual(folderBytes) }) ?? true {
          let descriptor = folders[ExactText(String(decoding: folderBytes, as: UTF8.self))]
          folder = (Array(folderBytes), descriptor.flatMap { $0 >= 0 ? $0 : nil })
        }
        if let descriptor = folder?.descriptor { return fstatat(descriptor, start + name, &info, AT_SYMLINK_NOFOLLOW) }
        return (root + "/" + path).withCString { lstat($0, &info) }
      }
      guard found == 0, let status = FileStatus(info) else { return nil }
      return (status, Int(info.st_nlink), info.st_uid == Self.user && info.st_mode & S_IWUSR != 0)
    }
  }

  /// The user this process acts as (`geteuid`, asked once: it is a system call, and `finops`
  /// never changes it).
  private static let user = geteuid()

  /// Whether this process may write the file at `path`, as the kernel judges it (its
  /// capabilities, access lists and read-only mounts counted, as an open for writing would).
  public func isWritable(_ path: String) -> Bool {
    at(path) { folder, name in faccessat(folder ?? AT_FDCWD, name, W_OK, AT_EACCESS) } == 0
  }

  /// The file at `path` opened with `flags`, a symbolic link not followed; -1 when it cannot be.
  public func openFile(_ path: String, _ flags: Int32) -> Int32 {
    at(path) { folder, name in
      folder.map { openat($0, name, flags | O_NOFOLLOW | O_CLOEXEC) } ?? open(name, flags | O_NOFOLLOW | O_CLOEXEC)
    }
  }

  /// `body` given the descriptor of the folder of `path` and the file's name in it, or, for a
  /// folder not opened, nil and the whole path.
  private func at<T>(_ path: String, _ body: (Int32?, UnsafePointer<CChar>) -> T) -> T {
    let count = path.utf8.count
    let opened = path.withCString { start -> T? in
      let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: count)
      let (folder, name) = Self.split(bytes)
      guard let descriptor = folders[ExactText(folder)], descriptor >= 0 else { return nil }
      // The name runs from after the last slash to the string's terminating zero byte.
      return body(descriptor, start + name)
    }
    if let opened { return opened }
    return (root + "/" + path).withCString { body(nil, $0) }
  }
}
