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

  /// Whether the two texts are equal once lowercased, exactly as `lowercased() ==` decides:
  /// byte by byte with `A`–`Z` folded when both are ASCII (where lowercasing changes nothing
  /// else), without making the two lowercased copies the audit compared for every commit.
  public func equalsLowercased(_ other: String) -> Bool {
    var one = self
    var two = other
    let ascii = one.withUTF8 { left in
      two.withUTF8 { right -> Bool? in
        guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard left.count == right.count else { return false }
        for index in 0..<left.count {
          var a = left[index]
          var b = right[index]
          if a >= 0x41 && a <= 0x5A { a |= 0x20 }
          if b >= 0x41 && b <= 0x5A { b |= 0x20 }
          if a != b { return false }
        }
        return true
      }
    }
    return ascii ?? (lowercased() == other.lowercased())
  }
}

extension String {
  /// The non-empty parts between `/` Characters, exactly as `split(separator: "/")` gives them,
  /// found by bytes when the text is ASCII (where a `/` byte is always a whole Character):
  /// splitting into Characters cost more than the checks that needed a path's parts.
  public func slashSeparatedParts() -> [Substring] {
    guard let ranges = asciiSlashSeparatedRanges() else { return split(separator: "/") }
    let utf8 = self.utf8
    return ranges.map { range in
      Substring(
        utf8[
          utf8.index(
            utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(
              utf8.startIndex, offsetBy: range.upperBound)])
    }
  }

  /// The parts `slashSeparatedParts()` gives, as texts: of an ASCII text made straight from its
  /// bytes, without the substrings and their indices made first (half the cost, for the audit's
  /// `slug/id` reference of every commit).
  public func slashSeparatedTexts() -> [String] {
    var text = self
    guard let ranges = asciiSlashSeparatedRanges() else {
      return split(separator: "/").map(String.init)
    }
    return text.withUTF8 { bytes in
      ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }
  }

  /// The UTF-8 offsets of the non-empty parts between `/` bytes; nil when the text is not ASCII.
  private func asciiSlashSeparatedRanges() -> [Range<Int>]? {
    let ranges: [Range<Int>]?? = utf8.withContiguousStorageIfAvailable { bytes -> [Range<Int>]? in
      var ranges: [Range<Int>] = []
      var start = 0
      for index in 0...bytes.count {
        if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
          if index > start { ranges.append(start..<index) }
          start = index + 1
        } else if bytes[index] >= 0x80 {
          return nil
        }
      }
      return ranges
    }
    return ranges ?? nil
  }
}
