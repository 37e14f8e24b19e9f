/// A source of bytes read front to back in chunks, so a file of any size streams in constant
/// memory.
public protocol ByteStream {
  /// Calls `body` with the next chunk; returns false at the end of the stream (without calling
  /// `body`). Throws a `ByteStreamError` when the source cannot be read.
  mutating func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool

  /// Releases the source; reports a failure only known at the end (a truncated gzip member).
  mutating func close() throws
}

/// Why a byte stream could not be read, in words for a diagnostic.
public struct ByteStreamError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What went wrong.
  public var message: String

  /// Creates an error.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }
}
