/// Text spliced from literal pieces and values, written
/// `String(spliced: "Create \(name) with …")`: the same string as the interpolation, a quarter of
/// the instructions.
///
/// A `String` interpolation appends each piece through `String.append` (some four hundred
/// instructions a piece: capacity, uniqueness and encoding checks, and regrowth); the Cloud
/// Engineer task, feeds and page rows are built from thousands of such pieces per build. Here a
/// literal piece is a copy of the compiled bytes and a value a copy of its UTF-8, into one
/// buffer, turned into a `String` once.
public struct Spliced: ExpressibleByStringInterpolation, Sendable {
  /// The text.
  public let string: String

  /// A literal without values.
  public init(stringLiteral value: StaticString) { string = value.description }

  /// The pieces, joined.
  public init(stringInterpolation pieces: Pieces) { string = pieces.joined() }

  /// The pieces of one spliced literal, in one growable buffer that `joined()` frees: the
  /// interpolation the compiler builds is used once, by `Spliced.init(stringInterpolation:)`.
  public struct Pieces: StringInterpolationProtocol {
    public typealias StringLiteralType = StaticString

    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// Room for the literal pieces and a guess of the values'.
    public init(literalCapacity: Int, interpolationCount: Int) {
      capacity = max(16, literalCapacity + 24 * interpolationCount)
      start = .allocate(capacity: capacity)
    }

    /// A literal piece.
    public mutating func appendLiteral(_ literal: StaticString) {
      append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// A string.
    public mutating func appendInterpolation(_ value: String) {
      // Read in place when the string is native (every string the tool makes), else copied.
      let copied: Void? = value.utf8.withContiguousStorageIfAvailable { append($0) }
      if copied == nil { Array(value.utf8).withUnsafeBufferPointer { append($0) } }
    }

    /// A substring.
    public mutating func appendInterpolation(_ value: Substring) {
      let copied: Void? = value.utf8.withContiguousStorageIfAvailable { append($0) }
      if copied == nil { Array(value.utf8).withUnsafeBufferPointer { append($0) } }
    }

    /// A whole number in decimal, as `String(value)` spells it.
    public mutating func appendInterpolation(_ value: Int) {
      let place = reserve(20)
      count += ByteText.writeDecimal(value, to: place)
    }

    /// Any other value, as its `description`.
    @_disfavoredOverload
    public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
      appendInterpolation(value.description)
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
      reserve(bytes.count).initialize(from: source, count: bytes.count)
      count += bytes.count
    }

    /// Room for `more` bytes after the text; where they go.
    private mutating func reserve(_ more: Int) -> UnsafeMutablePointer<UInt8> {
      if capacity - count < more {
        var grown = capacity * 2
        while grown < count + more { grown *= 2 }
        start = start.moved(count: count, toCapacity: grown)
        capacity = grown
      }
      return start + count
    }

    /// The text, the buffer freed.
    fileprivate func joined() -> String {
      defer { start.deallocate() }
      return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }
  }
}

extension String {
  /// The text of `spliced`: `String(spliced: "\(name) (\(email))")` is `"\(name) (\(email))"`,
  /// made faster.
  public init(spliced: Spliced) { self = spliced.string }
}
