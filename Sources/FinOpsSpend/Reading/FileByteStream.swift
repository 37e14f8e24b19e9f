import Foundation

/// A file read in fixed-size chunks through a `FileHandle`.
public struct FileByteStream: ByteStream {
  private let handle: FileHandle
  private let chunkSize: Int

  /// Opens the file at `path`; throws a `ByteStreamError` when it cannot be opened.
  public init(path: String, chunkSize: Int = 1 << 18) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ByteStreamError("cannot open \(path)")
    }
    self.handle = handle
    self.chunkSize = chunkSize
  }

  /// Calls `body` with the next chunk.
  public mutating func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool {
    let data: Data?
    do {
      data = try handle.read(upToCount: chunkSize)
    } catch {
      throw ByteStreamError("cannot read: \(error.localizedDescription)")
    }
    guard let data, !data.isEmpty else { return false }
    data.withUnsafeBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
    return true
  }

  /// Closes the file.
  public mutating func close() throws { try? handle.close() }
}
