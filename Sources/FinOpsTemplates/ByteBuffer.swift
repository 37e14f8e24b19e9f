/// The bytes a page is rendered into. The renderer alone holds it, so an append is a capacity
/// check and a copy: appending to an `Array` also tested it for uniqueness and went through its
/// generic copy, a hundred instructions for every piece of every page.
final class ByteBuffer {
  /// The first byte; `capacity` are allocated, `count` initialized.
  private var start: UnsafeMutablePointer<UInt8>
  /// How many bytes fit before it grows.
  private var capacity: Int
  /// How many bytes it holds.
  private(set) var count = 0

  /// An empty buffer with room for `capacity` bytes.
  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    start = .allocate(capacity: self.capacity)
  }

  deinit { start.deallocate() }

  /// The last byte, if any.
  var last: UInt8? { count > 0 ? start[count - 1] : nil }

  /// Appends one byte.
  @inline(__always)
  func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    start[count] = byte
    count += 1
  }

  /// Appends `bytes`.
  @inline(__always)
  func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    if capacity - count < bytes.count { grow(to: count + bytes.count) }
    (start + count).initialize(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Appends `bytes`.
  func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Appends the UTF-8 of `text`.
  func append(utf8 text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// The bytes, as an array.
  var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

  /// Makes room for at least `minimum` bytes, doubling.
  private func grow(to minimum: Int) {
    var newCapacity = capacity * 2
    while newCapacity < minimum { newCapacity *= 2 }
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    moved.moveInitialize(from: start, count: count)
    start.deallocate()
    start = moved
    capacity = newCapacity
  }
}
