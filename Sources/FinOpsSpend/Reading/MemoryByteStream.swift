/// Bytes already in memory, handed out in chunks of a fixed size (tests use small chunks to
/// cross every boundary).
public struct MemoryByteStream: ByteStream {
  private let bytes: [UInt8]
  private let chunkSize: Int
  private var offset = 0

  /// Creates a stream over `bytes`, `chunkSize` bytes at a time.
  public init(_ bytes: [UInt8], chunkSize: Int = 1 << 16) {
    self.bytes = bytes
    self.chunkSize = max(1, chunkSize)
  }

  /// Calls `body` with the next chunk.
  public mutating func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool {
    guard offset < bytes.count else { return false }
    let end = min(bytes.count, offset + chunkSize)
    bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<end])) }
    offset = end
    return true
  }

  /// Nothing to release.
  public mutating func close() throws {}
}
