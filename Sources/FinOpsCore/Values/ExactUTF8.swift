extension String {
  /// The string of exactly these bytes (a byte-order mark or a decomposed accent included);
  /// nil when they are not UTF-8. ASCII, nearly every name and field, is taken as it is:
  /// `String(validating:as:)` is generic over the encoding, and looking its types up at run
  /// time was a fifth of reading a workload back from the build cache.
  @inlinable
  public init?(exactly bytes: UnsafeBufferPointer<UInt8>) {
    var high: UInt8 = 0
    for byte in bytes { high |= byte }
    if high < 0x80 {
      self = String(decoding: bytes, as: UTF8.self)
    } else if let text = String(validating: bytes, as: UTF8.self) {
      self = text
    } else {
      return nil
    }
  }
}
