import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the file system says of a regular file: what `make`, git's index and the build cache
/// judge a file unchanged by.
public struct FileStatus: Sendable, Hashable {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int64
  /// The modification time, seconds and nanoseconds since 1970.
  public var modified: Int64
  public var modifiedNanoseconds: Int64
  /// The change time (any write or rename moves it on; no program can set it back).
  public var changed: Int64
  public var changedNanoseconds: Int64

  /// The status of the open file `descriptor`; nil when it is not a regular file.
  public init?(descriptor: Int32) {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    self.init(info)
  }

  /// The status of the file at `path`, a symbolic link not followed; nil when it is not a
  /// regular file.
  public init?(path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    self.init(info)
  }

  /// The status `info` describes; nil when it is not a regular file's.
  public init?(_ info: stat) {
    guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    #if canImport(Darwin)
      let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
    #else
      let (modified, changed) = (info.st_mtim, info.st_ctim)
    #endif
    self.init(
      device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
      modified: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec),
      changed: Int64(changed.tv_sec), changedNanoseconds: Int64(changed.tv_nsec))
  }

  /// A status as recorded.
  public init(
    device: UInt64, inode: UInt64, size: Int64, modified: Int64, modifiedNanoseconds: Int64,
    changed: Int64, changedNanoseconds: Int64
  ) {
    self.device = device
    self.inode = inode
    self.size = size
    self.modified = modified
    self.modifiedNanoseconds = modifiedNanoseconds
    self.changed = changed
    self.changedNanoseconds = changedNanoseconds
  }

  /// Whether the file was last written (or its status changed) two seconds or more before
  /// `present` (seconds since 1970): only then may it be recognised later by this status. A file
  /// written closer to it could be written again within the file system's clock step without
  /// its times moving (git's racily clean files).
  public func isSettled(at present: Int64) -> Bool {
    max(modified, changed) < present - 2
  }
}

/// Fills `buffer` from the open file `descriptor` (from where it stands, or from `offset`), again
/// after an interruption or a short read, until it is full or the file ends; how many bytes it
/// holds, or nil when a read failed.
public func readAll(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int? = nil) -> Int? {
  var filled = 0
  while filled < buffer.count {
    let count =
      offset.map { pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t($0 + filled)) }
      ?? read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
    if count < 0 {
      if errno == EINTR { continue }
      return nil
    }
    if count == 0 { break }
    filled += count
  }
  return filled
}

/// Writes all of `bytes` to the open file `descriptor`, again after an interruption or a short
/// write; 0, or the error number of the write that failed.
public func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
  var offset = 0
  while offset < bytes.count {
    let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
    if written < 0 {
      if errno == EINTR { continue }
      return errno
    }
    offset += written
  }
  return 0
}

extension BinaryWriter {
  /// A file's status, as `BinaryReader.fileStatus` reads it back.
  public mutating func fileStatus(_ status: FileStatus) {
    unsigned(status.device)
    unsigned(status.inode)
    for value in [status.size, status.modified, status.modifiedNanoseconds, status.changed, status.changedNanoseconds] {
      int(Int(value))
    }
  }
}

extension BinaryReader {
  /// See `BinaryWriter.fileStatus`.
  public mutating func fileStatus() throws -> FileStatus {
    FileStatus(
      device: try unsigned(), inode: try unsigned(), size: Int64(try int()), modified: Int64(try int()),
      modifiedNanoseconds: Int64(try int()), changed: Int64(try int()), changedNanoseconds: Int64(try int()))
  }
}
