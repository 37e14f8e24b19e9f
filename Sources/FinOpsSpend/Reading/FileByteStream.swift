import Foundation

/// A file read in fixed-size chunks into one reused buffer (no `Data` per chunk: a large export
/// is hundreds of chunks, and each would be allocated and copied once more).
public struct FileByteStream: ByteStream {
  /// The open file and the buffer, released together when the last copy of the stream goes.
  private final class Source {
    let handle: FileHandle
    let buffer: UnsafeMutableBufferPointer<UInt8>

    init(handle: FileHandle, chunkSize: Int) {
      self.handle = handle
      buffer = .allocate(capacity: chunkSize)
    }

    deinit { buffer.deallocate() }
  }

  private let source: Source

  /// Opens the file at `path`; throws a `ByteStreamError` when it cannot be opened.
  public init(path: String, chunkSize: Int = 1 << 18) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ByteStreamError("cannot open \(path)")
    }
    source = Source(handle: handle, chunkSize: max(chunkSize, 1))
  }

  /// Calls `body` with the next chunk.
  public mutating func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool {
    let buffer = source.buffer
    var count: Int
    repeat {
      count = read(source.handle.fileDescriptor, buffer.baseAddress, buffer.count)
    } while count < 0 && errno == EINTR
    guard count >= 0 else {
      throw ByteStreamError("cannot read: \(String(cString: strerror(errno)))")
    }
    guard count > 0 else { return false }
    body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    return true
  }

  /// Closes the file.
  public mutating func close() throws { try? source.handle.close() }
}
