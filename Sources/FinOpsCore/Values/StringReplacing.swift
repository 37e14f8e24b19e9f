extension String {
  /// The text with every `target` byte (an ASCII character) replaced by `replacement`.
  ///
  /// What `replacingOccurrences(of:with:)` gives for a one-character ASCII target, by bytes:
  /// Foundation's version goes through `NSString` and cost several percent of a site build,
  /// where it turns `developer-productivity` into words and quotes shell arguments.
  public func replacing(ascii target: Unicode.Scalar, with replacement: String) -> String {
    precondition(target.isASCII, "replacing(ascii:with:) takes an ASCII character")
    let byte = UInt8(target.value)
    guard utf8.contains(byte) else { return self }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count + 8)
    for unit in utf8 {
      if unit == byte { bytes.append(contentsOf: replacement.utf8) } else { bytes.append(unit) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
