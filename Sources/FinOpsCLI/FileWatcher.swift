import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Waits for a change to what a build reads: `finops.yml` and everything under `workloads/`,
/// `templates/`, `pricing/` and `spend/` of a repository.
///
/// On Linux it asks the kernel (inotify, one watch per folder), so waiting costs nothing however
/// many files there are; a folder made later is watched as it appears. Where inotify is not
/// there or runs out of watches (`fs.inotify.max_user_watches`), it compares every file's
/// status every 0.4 s instead.
///
/// One thread at a time waits on it (serve's rebuild thread, after the main thread made it).
final class FileWatcher: @unchecked Sendable {
  /// The entries of the repository's root a build reads.
  static let tops = ["finops.yml", "workloads", "templates", "pricing", "spend"]

  /// How changes are noticed: by the kernel, or by polling (with why inotify is not used).
  enum Mode: Equatable {
    case kernel
    case polling(reason: String)
  }

  let root: String
  private(set) var mode: Mode
  /// The inotify descriptor, or -1 when polling.
  private var descriptor: Int32 = -1
  /// Watch descriptor → the folder it watches, relative to the root ("" for the root).
  private var folders: [Int32: String] = [:]
  /// The last poll's fingerprint, when polling.
  private var fingerprint = 0
  /// At most this many watches, as if the kernel allowed no more (a test's limit); nil: the
  /// kernel's own.
  private let limit: Int?

  /// Starts watching `root`; `kernel: false` polls even where inotify works, and `limit`
  /// stands for the kernel's limit on watches.
  init(root: String, kernel: Bool = true, limit: Int? = nil) {
    self.root = root
    self.limit = limit
    mode = .polling(reason: "asked to poll")
    #if os(Linux)
      descriptor = kernel ? inotify_init1(Int32(IN_CLOEXEC)) : -1
      if !kernel {
        // Polling as asked.
      } else if descriptor < 0 {
        mode = .polling(reason: "inotify_init1: \(String(cString: strerror(errno)))")
      } else if let failure = watch("") {
        close(descriptor)
        descriptor = -1
        folders = [:]
        mode = .polling(reason: failure)
      } else {
        mode = .kernel
      }
    #else
      mode = .polling(reason: "no inotify on this system")
    #endif
    if descriptor < 0 { fingerprint = Self.fingerprint(root) }
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Blocks until something a build reads has changed, then until the changes have settled (no
  /// event for `quiet` seconds, at most `settle` seconds in all): a checkout or an editor's save
  /// is a burst of events, and one rebuild follows it. Returns when the change was seen.
  @discardableResult
  func wait(quiet: TimeInterval = 0.05, settle: TimeInterval = 1) -> ContinuousClock.Instant {
    guard descriptor >= 0 else { return pollForChange() }
    #if os(Linux)
      // Falling back to polling part way counts as a change (what changed may not be known).
      while !drain(timeout: -1) {}
      let seen = ContinuousClock.now
      guard descriptor >= 0 else { return seen }
      let deadline = Date().addingTimeInterval(settle)
      while Date() < deadline {
        let left = min(quiet, deadline.timeIntervalSinceNow)
        if left <= 0 { break }
        guard poll(milliseconds: Int32(left * 1000)) else { break }
        _ = drain(timeout: 0)
        if descriptor < 0 { break }
      }
      return seen
    #else
      return pollForChange()
    #endif
  }

  /// Compares every file's size and time every 0.4 s until one differs.
  private func pollForChange() -> ContinuousClock.Instant {
    while true {
      Thread.sleep(forTimeInterval: 0.4)
      let now = Self.fingerprint(root)
      if now != fingerprint {
        fingerprint = now
        return ContinuousClock.now
      }
    }
  }

  #if os(Linux)
    /// What the watches ask for: every way a file's text, name or status can change.
    private static let events = UInt32(
      IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches `relative` (a folder under the root, "" for the root itself) and, below the root,
    /// every folder inside it. Returns why it could not, or nil.
    private func watch(_ relative: String) -> String? {
      var visited: Set<Int32> = []
      return watch(relative, visited: &visited)
    }

    private func watch(_ relative: String, visited: inout Set<Int32>) -> String? {
      let path = relative.isEmpty ? root : root + "/" + relative
      let full = limit.map { folders.count >= $0 } ?? false
      let added = full ? -1 : inotify_add_watch(descriptor, path, Self.events | UInt32(IN_ONLYDIR))
      if added < 0 {
        let code = full ? ENOSPC : errno
        // A folder removed before it could be watched is no failure: its removal is an event.
        if code == ENOENT || code == ENOTDIR { return nil }
        let hint = code == ENOSPC ? " (raise fs.inotify.max_user_watches)" : ""
        return "inotify_add_watch \(path): \(String(cString: strerror(code)))\(hint)"
      }
      // A second name of a folder already watched (a link to it, a loop) keeps the first name,
      // which the root's filter and the names of folders made later depend on; a folder moved
      // within the tree is renamed, as its old name names it no more.
      if let known = folders[added], known != relative, Self.sameFolder(known.isEmpty ? root : root + "/" + known, path) {
        return nil
      }
      folders[added] = relative
      guard visited.insert(added).inserted else { return nil }
      let names: [String]
      if relative.isEmpty {
        names = Self.tops.filter { $0 != "finops.yml" }
      } else {
        names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      }
      for name in names {
        let child = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        // stat, not lstat: the build follows a link to a folder, so the folder it names is watched.
        guard stat(root + "/" + child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
        if let failure = watch(child, visited: &visited) { return failure }
      }
      return nil
    }

    /// Whether the two paths name the same folder.
    private static func sameFolder(_ one: String, _ other: String) -> Bool {
      var first = stat()
      var second = stat()
      return stat(one, &first) == 0 && stat(other, &second) == 0 && first.st_dev == second.st_dev
        && first.st_ino == second.st_ino
    }

    /// Waits up to `milliseconds` (-1: for ever) for an event to read; true when there is one.
    private func poll(milliseconds: Int32) -> Bool {
      var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      while true {
        let ready = Glibc.poll(&entry, 1, milliseconds)
        if ready < 0 && errno == EINTR { continue }
        return ready > 0
      }
    }

    /// Reads the events waiting (after up to `timeout` ms for the first), watching new folders
    /// as they appear; true when one of them concerns what a build reads.
    private func drain(timeout: Int32) -> Bool {
      guard poll(milliseconds: timeout) else { return false }
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { return false }
      var relevant = false
      var offset = 0
      let header = MemoryLayout<inotify_event>.size
      while offset + header <= count {
        let (watched, mask, length) = buffer.withUnsafeBytes { bytes in
          let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
          return (event.wd, event.mask, Int(event.len))
        }
        let name = buffer[(offset + header)..<min(offset + header + length, count)]
          .prefix { $0 != 0 }
        offset += header + length
        let text = String(decoding: name, as: UTF8.self)
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
          // Events were lost: watch any folder that may have appeared meanwhile, and rebuild.
          rewatch()
          if descriptor < 0 { return true }
          relevant = true
          continue
        }
        if mask & UInt32(IN_IGNORED) != 0 {
          folders[watched] = nil
          continue
        }
        guard let folder = folders[watched] else { continue }
        if folder.isEmpty && !Self.tops.contains(text) { continue }
        let child = folder.isEmpty ? text : folder + "/" + text
        var isFolder = mask & UInt32(IN_ISDIR) != 0
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
          // A link to a folder arrives without IN_ISDIR.
          var info = stat()
          if !isFolder, stat(root + "/" + child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { isFolder = true }
          if isFolder, let failure = watch(child) {
            // Polling from now on: this batch is a change, and the descriptor is gone.
            fallBack(failure)
            return true
          }
        }
        if isFolder && mask & UInt32(IN_MOVED_FROM) != 0 {
          // Moved away (out of the tree, perhaps): its watches go; a move within the tree is
          // watched again by the IN_MOVED_TO that follows.
          for (watched, path) in folders where path == child || path.hasPrefix(child + "/") {
            inotify_rm_watch(descriptor, watched)
          }
        }
        // Scratch names are skipped only for files, and not among the assets (each one a build copies).
        let asset = folder == "templates/assets" || folder.hasPrefix("templates/assets/")
        if isFolder || asset || !Self.isScratch(text) { relevant = true }
      }
      return relevant
    }

    /// Watches every folder again, after events were lost.
    private func rewatch() {
      for watched in folders.keys { inotify_rm_watch(descriptor, watched) }
      folders = [:]
      if let failure = watch("") { fallBack(failure) }
    }

    /// Gives up the kernel's watches for polling.
    private func fallBack(_ reason: String) {
      close(descriptor)
      descriptor = -1
      folders = [:]
      mode = .polling(reason: reason)
      fingerprint = Self.fingerprint(root)
    }
  #endif

  /// An editor's swap, backup, auto-save or lock file, or vim's probe of whether it may write
  /// a folder, which no build reads as a workload, template, price or export (among
  /// `templates/assets/`, copied whatever their names, and for folders, names are not looked at).
  static func isScratch(_ name: String) -> Bool {
    name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasPrefix(".#")
      || (name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#")) || name == "4913"
  }

  /// A fingerprint of the status of every file and folder a build reads (its name, inode, size,
  /// modification and change times: a write moves the change time on, which no program can
  /// set back), links followed as the build follows them: one `readdir` per folder and one
  /// `fstatat` per entry, relative to its folder, hashed as it is read (a listing through
  /// `FileManager` and its attributes, kept by path, took seven times the CPU). Equal within
  /// one process for the same statuses in the same order.
  static func fingerprint(_ root: String) -> Int {
    var hasher = Hasher()
    var visited: Set<[UInt64]> = []
    func add(_ info: stat) {
      hasher.combine(UInt64(info.st_ino))
      hasher.combine(Int64(info.st_size))
      #if canImport(Darwin)
        hasher.combine(Int64(info.st_mtimespec.tv_sec))
        hasher.combine(Int64(info.st_mtimespec.tv_nsec))
        hasher.combine(Int64(info.st_ctimespec.tv_sec))
        hasher.combine(Int64(info.st_ctimespec.tv_nsec))
      #else
        hasher.combine(Int64(info.st_mtim.tv_sec))
        hasher.combine(Int64(info.st_mtim.tv_nsec))
        hasher.combine(Int64(info.st_ctim.tv_sec))
        hasher.combine(Int64(info.st_ctim.tv_nsec))
      #endif
    }
    /// Adds the entries of the open folder `folder` (closed when done), and of the folders in it.
    func visit(_ folder: Int32) {
      var info = stat()
      guard fstat(folder, &info) == 0, visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted,
        let stream = fdopendir(folder)
      else {
        close(folder)
        return
      }
      defer { closedir(stream) }
      while let entry = readdir(stream) {
        withUnsafePointer(to: &entry.pointee.d_name) { pointer in
          pointer.withMemoryRebound(to: CChar.self, capacity: 256) { name in
            let length = strlen(name)
            if (length == 1 && name[0] == 0x2E) || (length == 2 && name[0] == 0x2E && name[1] == 0x2E) { return }
            hasher.combine(length)
            hasher.combine(bytes: UnsafeRawBufferPointer(start: name, count: length))
            var info = stat()
            guard fstatat(dirfd(stream), name, &info, 0) == 0 else { return }
            add(info)
            if info.st_mode & S_IFMT == S_IFDIR {
              let child = openat(dirfd(stream), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
              if child >= 0 { visit(child) }
            }
          }
        }
      }
    }
    for top in tops {
      hasher.combine(top)
      var info = stat()
      guard stat(root + "/" + top, &info) == 0 else { continue }
      add(info)
      if info.st_mode & S_IFMT == S_IFDIR {
        let folder = open(root + "/" + top, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 { visit(folder) }
      }
    }
    return hasher.finalize()
  }
}
