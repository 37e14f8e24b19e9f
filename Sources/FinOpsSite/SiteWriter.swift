import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Writes a built site so that readers see the old site or the new one, never half of either:
/// pages go to a staging folder beside the output as they are rendered, which `commit()` then
/// swaps in. A writer that is never committed leaves the old site as it was.
public final class SiteWriter: SiteOutput, @unchecked Sendable {
  private let target: URL
  private let staging: URL
  private let previous: URL
  /// `staging.path`, made once.
  private let stagingPath: String
  private let lock = NSLock()
  /// Folders already made in the staging folder.
  private var folders: Set<String> = [""]
  /// Where the keys of the pages are kept between builds (`PageManifest`); nil: no page is
  /// reused and none is kept.
  private let manifest: String?
  /// The pages the previous build into this folder wrote from a key.
  private let earlier: [String: PageManifest.Entry]
  /// The pages of this build written or reused from a key.
  private var kept: [String: PageManifest.Entry] = [:]
  /// How many pages were taken from the previous build.
  public private(set) var reused = 0

  /// Prepares a staging folder for the site at `output`; with a `manifest` file, pages whose
  /// key has not changed are taken from the site already there.
  public init(output: String, manifest: String? = nil) throws {
    let manager = FileManager.default
    target = URL(fileURLWithPath: output).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let pid = ProcessInfo.processInfo.processIdentifier
    staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
    previous = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
    stagingPath = staging.path
    try? manager.removeItem(at: staging)
    try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    self.manifest = manifest
    let folder = target.path
    earlier = manifest.map { PageManifest.load($0, target: folder) } ?? [:]
  }

  /// Links the previous build's file at `path` into the staging folder when it was written
  /// from `key` and is unchanged since (same size, modification time and inode as when it was
  /// written, as `make` and git judge files); false otherwise, or when the file system cannot
  /// link.
  public func reuse(_ path: String, key: String) throws -> Bool {
    guard let entry = earlier[path], entry.key == key else { return false }
    try makeFolder(Self.folder(of: path))
    // Linked first, then the link checked: another build swapping its site in between cannot
    // slip a file of its own in.
    let new = stagingPath + "/" + path
    guard link(target.path + "/" + path, new) == 0 else { return false }
    guard PageManifest.Entry(file: new, key: key) == entry else {
      unlink(new)
      return false
    }
    lock.withLock {
      kept[path] = entry
      reused += 1
    }
    return true
  }

  /// Notes the key of a page just written into the staging folder.
  public func keep(_ path: String, key: String) {
    guard manifest != nil, let entry = PageManifest.Entry(file: stagingPath + "/" + path, key: key) else { return }
    lock.withLock { kept[path] = entry }
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

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
    try bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw SiteWriteError(path: path, errno: errno)
        }
        offset += written
      }
    }
  }

  private func makeFolder(_ folder: String) throws {
    lock.lock()
    defer { lock.unlock() }
    guard !folders.contains(folder) else { return }
    try FileManager.default.createDirectory(
      atPath: staging.path + "/" + folder, withIntermediateDirectories: true)
    folders.insert(folder)
  }

  /// Swaps the staged site in for the old one.
  public func commit() throws {
    let manager = FileManager.default
    do {
      if manager.fileExists(atPath: target.path) {
        try manager.moveItem(at: target, to: previous)
      }
      try manager.moveItem(at: staging, to: target)
      try? manager.removeItem(at: previous)
      if let manifest {
        // Without the new keys the next build only makes every page again; the old ones no
        // longer match the files (each check compares the file itself).
        if (try? PageManifest(target: target.path, entries: kept).save(to: manifest)) == nil {
          unlink(manifest)
        }
      }
    } catch {
      abandon()
      if !manager.fileExists(atPath: target.path), manager.fileExists(atPath: previous.path) {
        try? manager.moveItem(at: previous, to: target)
      }
      throw error
    }
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

  /// `path: reason`.
  public var description: String {
    duplicate
      ? "\(path): two pages of the site would be written here; rename the org unit or person whose page clashes"
      : "\(path): \(String(cString: strerror(errno)))"
  }
}
