import Foundation

/// A compact binary form for build caches: variable-length integers, strings written once and
/// then referred to by number, exact decimals as their 20 bytes. Only the binary that wrote a
/// document reads it back (cache keys carry the format and tool version), so there is no
/// schema: reader and writer call the same sequence of methods.
public struct BinaryWriter: Sendable {
  /// The document so far.
  public var bytes: [UInt8] { buffer }
  @usableFromInline var buffer: [UInt8] = []
  /// Strings written so far, by their exact bytes: `String` equality would take a decomposed
  /// accent for the composed one and write the other's bytes.
  @usableFromInline var strings: [ExactText: Int] = [:]
  /// Whether a string written before is referred to by number (else written again).
  @usableFromInline let interning: Bool

  /// An empty document.
  public init() { interning = true }

  /// An empty document whose strings are written out every time (`interning: false`): for
  /// strings that seldom repeat (paths, keys) or a form that is only fingerprinted, the table's
  /// lookups cost more than they save. It reads back as any other document.
  public init(interning: Bool) { self.interning = interning }

  /// A non-negative integer in 7-bit groups, low first.
  @inlinable
  public mutating func unsigned(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      buffer.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    buffer.append(UInt8(rest))
  }

  /// Any integer (zigzag: small magnitudes are short either side of zero).
  @inlinable
  public mutating func int(_ value: Int) {
    let wide = Int64(value)
    unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
  }

  /// A flag.
  @inlinable
  public mutating func bool(_ value: Bool) { buffer.append(value ? 1 : 0) }

  /// Eight bytes, low first: for integers as likely to be large as small (fingerprints), which
  /// in 7-bit groups take ten.
  @inlinable
  public mutating func word(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
  }

  /// Room for `count` more bytes, for a document whose size is known before it is written.
  public mutating func reserve(_ count: Int) { buffer.reserveCapacity(buffer.count + count) }

  /// Bytes as they are (another document, for example, read back with `BinaryReader.skip`).
  @inlinable
  public mutating func raw(_ bytes: ArraySlice<UInt8>) { buffer.append(contentsOf: bytes) }

  /// Bytes as they are (no length): a part of another document, copied.
  public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }

  /// A string: its bytes the first time, its number afterwards (cards repeat titles and names).
  @inlinable
  public mutating func string(_ text: String) {
    guard interning else {
      unsigned(UInt64(text.utf8.count) << 1)
      buffer.append(contentsOf: text.utf8)
      return
    }
    let exact = ExactText(text)
    if let number = strings[exact] {
      unsigned(UInt64(number) << 1 | 1)
      return
    }
    strings[exact] = strings.count
    unsigned(UInt64(text.utf8.count) << 1)
    buffer.append(contentsOf: text.utf8)
  }

  /// An exact decimal, bit for bit: the bytes in use (usually 6–12 of its 20), after their
  /// count.
  @inlinable
  public mutating func decimal(_ value: Decimal) {
    let size = ExactDecimal.storedSize(value)
    buffer.append(UInt8(size))
    withUnsafeBytes(of: value) { buffer.append(contentsOf: $0[0..<size]) }
  }

  /// An optional value: a flag, then the value when there is one.
  @inlinable
  public mutating func optional<Value>(_ value: Value?, _ write: (inout BinaryWriter, Value) -> Void) {
    guard let value else { return bool(false) }
    bool(true)
    write(&self, value)
  }

  /// A list: its count, then each element.
  @inlinable
  public mutating func array<Element>(_ items: [Element], _ write: (inout BinaryWriter, Element) -> Void) {
    unsigned(UInt64(items.count))
    for item in items { write(&self, item) }
  }
}

/// A string compared and hashed by its UTF-8 bytes, not by canonical equivalence as `String`
/// is: what a cache must give back is the bytes it was given.
public struct ExactText: Hashable, Sendable {
  /// The string.
  public let text: String

  /// The exact text of `text`.
  public init(_ text: String) { self.text = text }

  /// Whether the two have the same bytes (compared in place when both are stored as UTF-8,
  /// as every string read from a file is; the general comparison went byte by byte through
  /// the string's views).
  public static func == (left: ExactText, right: ExactText) -> Bool {
    let fast = left.text.utf8.withContiguousStorageIfAvailable { a in
      right.text.utf8.withContiguousStorageIfAvailable { b in
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
      }
    }
    if let fast = fast ?? nil { return fast }
    return left.text.utf8.elementsEqual(right.text.utf8)
  }

  /// Hashes the bytes.
  public func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}

/// A document that does not read as its writer wrote it: truncated, or not one of ours.
public struct BinaryFormatError: Error, Sendable, CustomStringConvertible {
  /// What was wrong, and where.
  public var description: String

  /// An error saying `description`.
  public init(description: String) { self.description = description }
}

/// Reads what a `BinaryWriter` wrote, method for method. Never traps on bad input: every read
/// checks its bounds and throws `BinaryFormatError`.
// Sendable: `bytes` points into `store`, which the reader holds and nothing writes.
public struct BinaryReader: @unchecked Sendable {
  /// What holds the bytes while they are read; `bytes` points into it.
  @usableFromInline let store: ByteStore
  @usableFromInline let bytes: UnsafePointer<UInt8>
  @usableFromInline var offset: Int
  /// Where the document ends: nothing at or after it is read.
  @usableFromInline let end: Int
  @usableFromInline var strings: [String] = []
  /// Whether strings read are kept for the numbers that refer back to them: false for a
  /// document written without (`BinaryWriter(interning: false)`), where keeping each of tens of
  /// thousands was a third of reading it.
  @usableFromInline let interning: Bool

  /// A reader of the document in `store` from `offset` to `end` (the last byte by default);
  /// `interning` as the document was written.
  public init(_ store: ByteStore, from offset: Int = 0, to end: Int? = nil, interning: Bool = true) {
    self.store = store
    bytes = store.base
    self.end = max(min(end ?? store.count, store.count), 0)
    self.offset = max(min(offset, self.end), 0)
    self.interning = interning
  }

  /// A reader of the document in a copy of `bytes` from `offset` to `end` (the last byte by
  /// default).
  public init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
    self.init(ByteStore(bytes), from: offset, to: end)
  }

  /// Whether every byte has been read.
  @inlinable public var atEnd: Bool { offset == end }

  /// The bytes this reader reads from, all of them (its document is a part of them).
  public var storage: ByteStore { store }

  /// Where the next read starts, in `bytes`.
  @inlinable public var position: Int { offset }

  /// A reader of the part `range` of this reader's bytes, as a document of its own (its own
  /// string table).
  public func reader(_ range: Range<Int>) -> BinaryReader {
    BinaryReader(store, from: max(range.lowerBound, 0), to: min(range.upperBound, end))
  }

  /// Passes over `count` bytes.
  @inlinable
  public mutating func skip(_ count: Int) throws {
    guard count >= 0, count <= end - offset else { throw failure("a skip beyond the end") }
    offset += count
  }

  @usableFromInline func failure(_ what: String) -> BinaryFormatError {
    BinaryFormatError(description: "\(what) at byte \(offset) of \(end)")
  }

  /// See `BinaryWriter.unsigned`.
  @inlinable
  public mutating func unsigned() throws -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < end, shift < 64 else { throw failure("a cut or overlong integer") }
      let byte = bytes[offset]
      offset += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
  }

  /// See `BinaryWriter.int`.
  @inlinable
  public mutating func int() throws -> Int {
    let raw = try unsigned()
    let value = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    guard let result = Int(exactly: value) else { throw failure("an integer out of range") }
    return result
  }

  /// A count of elements, at most the bytes left (each element takes at least one).
  @inlinable
  public mutating func count() throws -> Int {
    let value = try unsigned()
    guard value <= UInt64(end - offset) else { throw failure("a count beyond the end") }
    return Int(value)
  }

  /// See `BinaryWriter.word`.
  @inlinable
  public mutating func word() throws -> UInt64 {
    guard end - offset >= 8 else { throw failure("a cut word") }
    let value = UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self))
    offset += 8
    return value
  }

  /// See `BinaryWriter.bool`.
  @inlinable
  public mutating func bool() throws -> Bool {
    guard offset < end, bytes[offset] <= 1 else { throw failure("not a flag") }
    offset += 1
    return bytes[offset - 1] == 1
  }

  /// See `BinaryWriter.string`.
  @inlinable
  public mutating func string() throws -> String {
    let tag = try unsigned()
    if tag & 1 == 1 {
      guard tag >> 1 < UInt64(strings.count) else { throw failure("an unknown string number") }
      return strings[Int(tag >> 1)]
    }
    let length = tag >> 1
    guard length <= UInt64(end - offset) else { throw failure("a string beyond the end") }
    let stop = offset + Int(length)
    // Exactly these bytes, or an error (a byte-order mark or a decomposed accent included,
    // where Foundation's decoder would drop or change them).
    guard let text = String(exactly: UnsafeBufferPointer(start: bytes + offset, count: stop - offset)) else {
      throw failure("a string that is not UTF-8")
    }
    offset = stop
    if interning { strings.append(text) }
    return text
  }

  /// Where the next string's bytes are (`BinaryWriter.string`), passing over them: for a document
  /// written without a string table, whose strings are compared rather than made.
  @inlinable
  public mutating func stringBytes() throws -> Range<Int> {
    let tag = try unsigned()
    guard tag & 1 == 0 else { throw failure("the number of a string") }
    let length = tag >> 1
    guard length <= UInt64(end - offset) else { throw failure("a string beyond the end") }
    offset += Int(length)
    return offset - Int(length)..<offset
  }

  /// Whether the next string (`BinaryWriter.string`) is `text`, byte for byte, passing over it
  /// either way: a reader that only matches strings it already holds makes none of its own.
  /// For documents written without a string table (`BinaryWriter(interning: false)`): the
  /// string is not added to this reader's table, and one written as the number of an earlier
  /// string does not match.
  @inlinable
  public mutating func matchString(_ text: String) throws -> Bool {
    let tag = try unsigned()
    guard tag & 1 == 0 else { return false }
    let length = tag >> 1
    guard length <= UInt64(end - offset) else { throw failure("a string beyond the end") }
    let start = offset
    offset += Int(length)
    var text = text
    return text.withUTF8 { utf8 in
      utf8.count == Int(length) && (utf8.isEmpty || memcmp(utf8.baseAddress!, bytes + start, utf8.count) == 0)
    }
  }

  /// See `BinaryWriter.decimal`.
  @inlinable
  public mutating func decimal() throws -> Decimal {
    guard offset < end, Int(bytes[offset]) <= MemoryLayout<Decimal>.size else {
      throw failure("not a decimal")
    }
    let size = Int(bytes[offset])
    offset += 1
    guard end - offset >= size else { throw failure("a decimal beyond the end") }
    var value = Decimal()
    withUnsafeMutableBytes(of: &value) { target in
      // The bytes not stored are those of zero.
      for index in target.indices { target[index] = 0 }
      UnsafeMutableRawBufferPointer(rebasing: target[0..<size])
        .copyMemory(from: UnsafeRawBufferPointer(start: bytes + offset, count: size))
    }
    offset += size
    guard ExactDecimal.isWellFormed(value) else { throw failure("a decimal that is not one") }
    return value
  }

  /// See `BinaryWriter.optional`.
  @inlinable
  public mutating func optional<Value>(_ read: (inout BinaryReader) throws -> Value) throws -> Value? {
    try bool() ? try read(&self) : nil
  }

  /// See `BinaryWriter.array`.
  @inlinable
  public mutating func array<Element>(_ read: (inout BinaryReader) throws -> Element) throws -> [Element] {
    let count = try count()
    var items: [Element] = []
    // A damaged count could ask for gigabytes at once: room grows with what actually reads.
    items.reserveCapacity(min(count, 4096))
    for _ in 0..<count { items.append(try read(&self)) }
    return items
  }
}
