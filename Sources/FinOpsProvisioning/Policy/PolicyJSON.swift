import FinOpsCore

/// Writes a policy document's JSON as it goes: object members in the order written, two-space
/// indentation, `"key": value`, so generated documents are byte-for-byte stable.
///
/// A tree of values built for each document and then written cost a Cloud Engineer task an
/// allocation per member and per string; this writer copies into the room of one byte buffer
/// (appending to an array cost a hundred instructions a piece).
struct PolicyJSON: ~Copyable {
  /// The JSON so far, in a buffer only this writer holds (a writer is not copied).
  private let buffer: ByteBuffer
  /// For each object or array open, from the outermost: whether nothing is in it yet.
  private var empty: [Bool] = []

  /// A writer with room for `capacity` bytes.
  init(capacity: Int = 0) { buffer = ByteBuffer(capacity: capacity) }

  /// The JSON so far, as bytes.
  var bytes: [UInt8] { buffer.bytes }

  /// The JSON so far, as text.
  var text: String { buffer.text }

  /// Opens an object, as a value.
  mutating func beginObject() { open(UInt8(ascii: "{")) }

  /// Closes the innermost object.
  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Opens an array, as a value.
  mutating func beginArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost array.
  mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts the next member of the innermost object: `"key": `; then write its value.
  @_disfavoredOverload
  mutating func key(_ key: String) {
    element()
    quote(key)
    buffer.append(": ")
  }

  /// `key(_:)` for a name written in the code, which needs no escaping: copied as it is.
  mutating func key(_ key: StaticString) {
    assert(
      !key.description.utf8.contains {
        $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
      })
    element()
    buffer.append(UInt8(ascii: "\""))
    buffer.append(key)
    buffer.append("\": ")
  }

  /// Starts the next element of the innermost array; then write its value.
  mutating func element() {
    guard let last = empty.indices.last else { return }
    buffer.append(empty[last] ? "\n" : ",\n")
    empty[last] = false
    buffer.appendSpaces(2 * empty.count)
  }

  /// Ends the document's last line.
  mutating func endLine() { buffer.append(UInt8(ascii: "\n")) }

  /// A string value.
  mutating func string(_ text: String) { quote(text) }

  /// One value as a string, several (or none) as an array: the shape IAM examples use.
  mutating func strings(_ values: [String]) {
    if values.count == 1 { return string(values[0]) }
    beginArray()
    for value in values {
      element()
      string(value)
    }
    endArray()
  }

  private mutating func open(_ bracket: UInt8) {
    buffer.append(bracket)
    empty.append(true)
  }

  private mutating func close(_ bracket: UInt8) {
    if !empty.removeLast() {
      buffer.append(UInt8(ascii: "\n"))
      buffer.appendSpaces(2 * empty.count)
    }
    buffer.append(bracket)
  }

  /// `text` as a JSON string literal; only quotes, backslashes and control characters are
  /// escaped.
  private mutating func quote(_ text: String) {
    JSONString.append(text, to: buffer, shortBackspaceAndFormFeed: false)
  }
}
