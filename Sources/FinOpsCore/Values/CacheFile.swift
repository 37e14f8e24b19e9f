import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Build cache files, written whole: a reader sees the previous file or the new one, never part.
public enum CacheFile {
  /// Writes `bytes` to `path` through a temporary file beside it (`.NAME.PID.RANDOM`), renamed
  /// over it, making the folder when needed. Temporary files of the same name left by processes
  /// that are no longer running (killed while writing) are removed first.
  public static func replace(_ path: String, with bytes: [UInt8]) throws {
    let folder = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    removeAbandoned(in: folder, name: name)
    let temporary = folder + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: temporary))
      guard rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// Removes `.NAME.PID.RANDOM` files in `folder` whose process no longer runs.
  static func removeAbandoned(in folder: String, name: String) {
    let prefix = ".\(name)."
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(prefix) {
      let parts = entry.dropFirst(prefix.count).split(separator: ".")
      guard parts.count == 2, let pid = Int32(parts[0]), pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
    }
  }
}
