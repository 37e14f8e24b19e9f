/// A 128-bit fingerprint of content, for cache keys: two 64-bit lanes, each mixing sixteen bytes
/// at a time with a full-width multiply (the construction of wyhash), several gigabytes a
/// second. Not a cryptographic hash: it tells changed content from unchanged, and no accident
/// makes two inputs share a fingerprint, but a file can be crafted to share another's (a chosen
/// 16-byte block can cancel both lanes). A cache keyed by it trusts whoever wrote its inputs:
/// a contributor's file crafted to share the previous version's fingerprint would be built as
/// that version. So the shipped CI workflows build and check with `--no-cache`.
///
/// Content goes in as segments: each `update` is one segment, framed by its length, so
/// `update("ab"); update("c")` and `update("a"); update("bc")` differ. Feed the same
/// segmentation for the same content (files in fixed-size chunks, say).
public struct ContentHash: Sendable, Hashable {
  private var a: UInt64 = 0xa076_1d64_78bd_642f
  private var b: UInt64 = 0xe703_7ed1_a0b4_28db
  private var segments: UInt64 = 0

  /// An empty fingerprint.
  public init() {}

  private static let k0: UInt64 = 0x8ebc_6af0_9c88_c6e3
  private static let k1: UInt64 = 0x5899_65cc_7537_4cc3
  private static let k2: UInt64 = 0x1d8e_4e27_c47d_124f
  private static let k3: UInt64 = 0x9e37_79b9_7f4a_7c15

  @inline(__always)
  private static func mix(_ x: UInt64, _ y: UInt64) -> UInt64 {
    let product = x.multipliedFullWidth(by: y)
    return product.high ^ product.low
  }

  /// Adds one segment of bytes.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    update(pieces: CollectionOfOne(bytes))
  }

  /// Adds one segment made of `pieces`, one after the other: the fingerprint of their bytes
  /// joined, without joining them (a cache file written from where its parts lie).
  public mutating func update(pieces: some Sequence<UnsafeRawBufferPointer>) {
    var a = self.a
    var b = self.b
    @inline(__always)
    func block(_ w0: UInt64, _ w1: UInt64) {
      a = Self.mix(w0 ^ Self.k0 ^ a, w1 ^ Self.k1)
      b = Self.mix(w1 ^ Self.k2 ^ b, w0 ^ Self.k3)
    }
    var count = 0
    // Bytes of a block begun in one piece and ended in the next.
    var carry: (UInt64, UInt64) = (0, 0)
    var carried = 0
    for bytes in pieces {
      count += bytes.count
      var index = 0
      if carried > 0 {
        let taken = min(16 - carried, bytes.count)
        withUnsafeMutableBytes(of: &carry) { raw in
          for offset in 0..<taken { raw[carried + offset] = bytes[offset] }
        }
        (carried, index) = (carried + taken, taken)
        guard carried == 16 else { continue }
        block(UInt64(littleEndian: carry.0), UInt64(littleEndian: carry.1))
        (carry, carried) = ((0, 0), 0)
      }
      while index + 16 <= bytes.count {
        block(
          UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)),
          UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)))
        index += 16
      }
      withUnsafeMutableBytes(of: &carry) { raw in
        for offset in 0..<(bytes.count - index) { raw[offset] = bytes[index + offset] }
      }
      carried = bytes.count - index
    }
    // The last one to fifteen bytes, zero-padded; the length tells padding from zeros.
    let w0 = UInt64(littleEndian: carry.0)
    let w1 = UInt64(littleEndian: carry.1)
    segments &+= 1
    a = Self.mix(w0 ^ Self.k1 ^ a, w1 ^ UInt64(count) ^ Self.k2)
    b = Self.mix(w1 ^ Self.k3 ^ b, w0 ^ segments ^ Self.k0)
    self.a = a
    self.b = b
  }

  /// Adds one segment: the bytes of `bytes`.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Adds one segment: the UTF-8 bytes of `text`.
  public mutating func update(_ text: String) {
    var text = text
    text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  /// Adds one segment: the eight bytes of `value`.
  public mutating func update(_ value: Int) {
    withUnsafeBytes(of: Int64(value).littleEndian) { update($0) }
  }

  /// The fingerprint's state, to keep it (`init(words:)` gives it back).
  public var words: (UInt64, UInt64, UInt64) { (a, b, segments) }

  /// A fingerprint from its `words`.
  public init(words: (UInt64, UInt64, UInt64)) {
    (a, b, segments) = words
  }

  /// Adds one segment: another fingerprint (of a part fingerprinted on its own).
  public mutating func update(_ other: ContentHash) {
    withUnsafeBytes(of: (other.a.littleEndian, other.b.littleEndian, other.segments.littleEndian)) { update($0) }
  }

  /// The fingerprint of one segment, `text`.
  public init(_ text: String) {
    self.init()
    update(text)
  }

  /// The fingerprint so far, as 32 hexadecimal digits.
  public var hex: String {
    // Both lanes mixed with each other once more, so every input bit reaches both halves.
    let high = Self.mix(a ^ Self.k2, b ^ Self.k0 ^ segments)
    let low = Self.mix(b ^ Self.k1, a ^ Self.k3)
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(32)
    for word in [high, low] {
      for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int(word >> UInt64(shift) & 0xF)]) }
    }
    return String(decoding: text, as: UTF8.self)
  }
}

extension BinaryWriter {
  /// A fingerprint, by its three words: the two lanes whole (as likely large as small, they
  /// took ten bytes each in 7-bit groups, written and read a byte at a time), then the count
  /// of segments.
  public mutating func contentHash(_ value: ContentHash) {
    let words = value.words
    word(words.0)
    word(words.1)
    unsigned(words.2)
  }
}

extension BinaryReader {
  /// See `BinaryWriter.contentHash`.
  public mutating func contentHash() throws -> ContentHash {
    ContentHash(words: (try word(), try word(), try unsigned()))
  }
}
