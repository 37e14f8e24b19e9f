import FinOpsCore

/// Writes a policy document's JSON as it goes: object members in the order written, two-space
/// indentation, `"key": value`, so generated documents are byte-for-byte stable.
///
/// A tree of values built for each document and then written cost a Cloud Engineer task an
/// allocation per member and per string; this writer appends to one byte buffer.
struct PolicyJSON {
  /// The JSON so far.
  private(set) var bytes: [UInt8] = []
  /// For each object or array open, from the outermost: whether nothing is in it yet.
  private var empty: [Bool] = []

  /// A writer with room for `capacity` bytes.
  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// Opens an object, as a value.
  mutating func beginObject() { open(UInt8(ascii: "{")) }

  /// Closes the innermost object.
  mutating func endObject() { close(UInt8(ascii: "}")) }

  /// Opens an array, as a value.
  mutating func beginArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost array.
  mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts the next member of the innermost object: `"key": `; then write its value.
  mutating func key(_ key: String) {
    element()
    quote(key)
    ByteText.put(": ", to: &bytes)
  }

  /// Starts the next element of the innermost array; then write its value.
  mutating func element() {
    guard let last = empty.indices.last else { return }
    ByteText.put(empty[last] ? "\n" : ",\n", to: &bytes)
    empty[last] = false
    ByteText.putSpaces(2 * empty.count, to: &bytes)
  }

  /// Ends the document's last line.
  mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

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
    bytes.append(bracket)
    empty.append(true)
  }

  private mutating func close(_ bracket: UInt8) {
    if !empty.removeLast() {
      bytes.append(UInt8(ascii: "\n"))
      ByteText.putSpaces(2 * empty.count, to: &bytes)
    }
    bytes.append(bracket)
  }

  /// `text` as a JSON string literal; only quotes, backslashes and control characters are
  /// escaped.
  private mutating func quote(_ text: String) {
    JSONString.append(text, to: &bytes, shortBackspaceAndFormFeed: false)
  }
}
