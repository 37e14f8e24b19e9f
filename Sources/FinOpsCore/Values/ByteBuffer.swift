/// Bytes written by one owner: a template's page as it is rendered, a JSON document as
/// `PrettyJSONWriter` writes it. An append is a capacity check and a copy: appending to an
/// `Array` also tested it for uniqueness and went through its generic copy, about a hundred
/// instructions for every piece of every page or key of a document. Its appends are inlinable:
/// the template renderer, in another module, makes millions of them. Its storage is exempt from
/// run-time exclusivity checks: one owner writes it, and with the storage visible outside this
/// file every access had been checked at run time, which cost a fifth of a build.
public final class ByteBuffer {
  /// The first byte; `capacity` are allocated, `count` initialized.
  @exclusivity(unchecked) @usableFromInline var start: UnsafeMutablePointer<UInt8>
  /// How many bytes fit before it grows.
  @exclusivity(unchecked) @usableFromInline var capacity: Int
  /// How many bytes it holds.
  @inlinable public var count: Int { used }
  /// `count`, which a writer in this module that wrote at `reserve(_:)`'s pointer raises by
  /// what it wrote.
  @exclusivity(unchecked) @usableFromInline var used = 0

  /// An empty buffer with room for `capacity` bytes.
  public init(capacity: Int) {
    self.capacity = max(capacity, 64)
    start = .allocate(capacity: self.capacity)
  }

  deinit { start.deallocate() }

  /// The last byte, if any.
  @inlinable public var last: UInt8? { used > 0 ? start[used - 1] : nil }

  /// Where the next `more` bytes go, with room for them; they count once `count` is raised.
  @inlinable @inline(__always)
  func reserve(_ more: Int) -> UnsafeMutablePointer<UInt8> {
    if capacity - used < more { grow(to: used + more) }
    return start + used
  }

  /// Appends one byte.
  @inlinable @inline(__always)
  public func append(_ byte: UInt8) {
    reserve(1).initialize(to: byte)
    used += 1
  }

  /// Appends `bytes`.
  @inlinable @inline(__always)
  public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count).initialize(from: source, count: bytes.count)
    used += bytes.count
  }

  /// Appends `bytes`.
  public func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Appends literal text.
  @inlinable @inline(__always)
  public func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// Appends the UTF-8 of `text`.
  public func append(utf8 text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// Forgets every byte, keeping the room.
  /// Appends `count` spaces.
  @inlinable
  public func appendSpaces(_ count: Int) {
    guard count > 0 else { return }
    reserve(count).initialize(repeating: UInt8(ascii: " "), count: count)
    used += count
  }

  /// Appends `value` in decimal, as `String(value)` spells it.
  public func append(decimal value: Int) {
    used += ByteText.writeDecimal(value, to: reserve(20))
  }

  /// Calls `body` with the bytes written, in place.
  public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
    -> Result
  {
    try body(UnsafeBufferPointer(start: start, count: used))
  }

  /// The bytes as UTF-8 text (invalid sequences repaired).
  public var text: String {
    String(decoding: UnsafeBufferPointer(start: start, count: used), as: UTF8.self)
  }

  public func removeAll() { used = 0 }

  /// The bytes, as an array.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: used)) }

  /// Makes room for at least `minimum` bytes, doubling.
  @usableFromInline func grow(to minimum: Int) {
    var newCapacity = capacity * 2
    while newCapacity < minimum { newCapacity *= 2 }
    start = start.moved(count: used, toCapacity: newCapacity)
    capacity = newCapacity
  }
}

extension UnsafeMutablePointer {
  /// The first `count` values here moved into new memory with room for `capacity`; this memory
  /// is freed. For buffers that grow (or shrink) by hand.
  public func moved(count: Int, toCapacity capacity: Int) -> UnsafeMutablePointer<Pointee> {
    let moved = UnsafeMutablePointer<Pointee>.allocate(capacity: capacity)
    moved.moveInitialize(from: self, count: count)
    deallocate()
    return moved
  }
}
