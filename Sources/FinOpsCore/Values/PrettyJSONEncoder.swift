import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Encodes `Encodable` values as Foundation's `JSONEncoder` does with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (two-space indent, `"key" : value`, keys in
/// code-unit order), byte for byte, several times faster: the 40 MB workload export of a large
/// repository took most of a second through `JSONEncoder`.
public struct PrettyJSONEncoder: Sendable {
  /// An encoder.
  public init() {}

  /// The pretty-printed JSON of `value`, without a final newline.
  public func encode(_ value: some Encodable) throws -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(4096)
    try encode(value, indent: 0, to: &output)
    return output
  }

  /// Appends the JSON of `value` to `output` as it would be written `indent` levels deep in an
  /// enclosing document: large documents are written element by element, never held whole as
  /// a tree.
  public func encode(_ value: some Encodable, indent: Int, to output: inout [UInt8]) throws {
    let encoder = NodeEncoder()
    try value.encode(to: encoder)
    encoder.storage.node.write(to: &output, indent: indent)
  }

  /// Appends `text` as a JSON string literal to `output`, as `JSONEncoder` writes it.
  public static func appendString(_ text: String, to output: inout [UInt8]) {
    JSONNode.writeString(text, to: &output)
  }
}

/// A JSON value; objects keep their members in encoding order until written.
private indirect enum JSONNode {
  case null
  case bool(Bool)
  /// A number, already formatted.
  case number(String)
  case string(String)
  case array([JSONNode])
  case object([(key: String, value: JSONNode)])
  /// A nested container or super encoder still being filled: written as its storage ends up.
  case pending(NodeStorage)

  func write(to output: inout [UInt8], indent: Int) {
    switch self {
    case .null: Self.put("null", to: &output)
    case .bool(let flag): Self.put(flag ? "true" : "false", to: &output)
    case .number(let text): output.append(contentsOf: text.utf8)
    case .pending(let storage): storage.node.write(to: &output, indent: indent)
    case .string(let text): Self.writeString(text, to: &output)
    case .array(let items):
      output.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        Self.newline(indent + 1, to: &output)
        item.write(to: &output, indent: indent + 1)
      }
      if items.isEmpty { output.append(UInt8(ascii: "\n")) }
      Self.newline(indent, to: &output)
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      // Encodable types write each key once, so sorting is all that is needed.
      // Sorted as positions, by insertion (objects are small): the members themselves are not
      // moved or copied.
      var order = Array(members.indices)
      for next in order.indices.dropFirst() {
        let position = order[next]
        var slot = next
        while slot > 0, Self.less(members[position].key, members[order[slot - 1]].key) {
          order[slot] = order[slot - 1]
          slot -= 1
        }
        order[slot] = position
      }
      for (index, position) in order.enumerated() {
        let member = members[position]
        Self.writeMemberStart(comma: index > 0, indent: indent + 1, key: member.key, to: &output)
        member.value.write(to: &output, indent: indent + 1)
      }
      if members.isEmpty { output.append(UInt8(ascii: "\n")) }
      Self.newline(indent, to: &output)
      output.append(UInt8(ascii: "}"))
    }
  }

  /// A member's start: the comma before it (unless first), a line break, the indentation of
  /// `indent`, the key and ` : `; in one append when the key needs no escaping (an append of a
  /// few bytes costs more than copying them).
  static func writeMemberStart(comma: Bool, indent: Int, key: String, to output: inout [UInt8]) {
    var key = key
    let written = key.withUTF8 { bytes -> Bool in
      guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
        return false
      }
      return appendMemberStart(comma: comma, indent: indent, plainKey: bytes, to: &output)
    }
    guard !written else { return }
    if comma { output.append(UInt8(ascii: ",")) }
    newline(indent, to: &output)
    writeString(key, to: &output)
    put(" : ", to: &output)
  }

  /// Appends a comma (unless not `comma`), a line break, the indentation of `indent`, `plainKey`
  /// (which needs no escaping) quoted and ` : `, at once; false, with nothing appended, for a
  /// key or indentation too long for that.
  static func appendMemberStart(
    comma: Bool, indent: Int, plainKey: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]
  ) -> Bool {
    guard plainKey.count <= 256, indent <= 64 else { return false }
    // A comma, a line break, the indentation, the quoted key and " : ".
    // The runs are filled and copied whole: byte by byte, through the buffer's checked
    // subscript, this cost more than the rest of writing a spend card.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * indent + plainKey.count + 7) { buffer in
      let start = buffer.baseAddress!
      var end = start
      if comma {
        end.initialize(to: UInt8(ascii: ","))
        end += 1
      }
      end.initialize(to: UInt8(ascii: "\n"))
      end += 1
      end.initialize(repeating: UInt8(ascii: " "), count: 2 * indent)
      end += 2 * indent
      end.initialize(to: UInt8(ascii: "\""))
      end += 1
      if let key = plainKey.baseAddress { end.initialize(from: key, count: plainKey.count) }
      end += plainKey.count
      UnsafeMutableRawPointer(end).storeBytes(of: UInt32(0x203A_2022).littleEndian, as: UInt32.self)  // `" : `
      end += 4
      output.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
    }
    return true
  }

  /// Code-unit order, as `.sortedKeys` sorts on Linux: the bytes compared with `memcmp`.
  static func less(_ left: String, _ right: String) -> Bool {
    var left = left
    var right = right
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
          let order = memcmp(x, y, common)
          if order != 0 { return order < 0 }
        }
        return a.count < b.count
      }
    }
  }

  /// Appends literal text.
  @inline(__always)
  static func put(_ text: StaticString, to output: inout [UInt8]) { ByteText.put(text, to: &output) }

  /// A line break and the indentation of `level`.
  static func newline(_ level: Int, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\n"))
    writeIndent(level, to: &output)
  }

  /// Two spaces per level.
  static func writeIndent(_ level: Int, to output: inout [UInt8]) { ByteText.putSpaces(level * 2, to: &output) }

  static func writeString(_ text: String, to output: inout [UInt8]) {
    JSONString.append(text, to: &output, shortBackspaceAndFormFeed: true)
  }

  /// A double or float as `JSONEncoder` writes it: its own shortest text (a float is not
  /// widened first), without a `.0` fraction; NaN and infinities are refused.
  static func number<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number) throws -> JSONNode {
    guard value.isFinite else {
      throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a JSON number"))
    }
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    return .number(text)
  }
}

private final class NodeStorage {
  var node = JSONNode.null

  func setMember(_ key: String, _ value: JSONNode) {
    guard case .object(var members) = node else {
      node = .object([(key, value)])
      return
    }
    node = .null  // keep the members uniquely referenced while they grow
    members.append((key, value))
    node = .object(members)
  }

  func append(_ value: JSONNode) {
    guard case .array(var items) = node else {
      node = .array([value])
      return
    }
    node = .null
    items.append(value)
    node = .array(items)
  }
}

private final class NodeEncoder: Encoder {
  let storage = NodeStorage()
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .object = storage.node {} else { storage.node = .object([]) }
    return KeyedEncodingContainer(ObjectContainer<Key>(storage: storage))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .array = storage.node {} else { storage.node = .array([]) }
    return ArrayContainer(storage: storage)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { ValueContainer(storage: storage) }
}

/// The node of one value; scalars are recognised by comparing types, which costs nothing,
/// where a cast (`value as? String`) is a runtime call with a conformance lookup.
private func node<Value: Encodable>(_ value: Value) throws -> JSONNode {
  if Value.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
  if Value.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
  if Value.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
  if Value.self == Double.self { return try JSONNode.number(unsafeBitCast(value, to: Double.self)) }
  let encoder = NodeEncoder()
  try value.encode(to: encoder)
  return encoder.storage.node
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let storage: NodeStorage
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil(forKey key: Key) { storage.setMember(key.stringValue, .null) }
  mutating func encode(_ value: Bool, forKey key: Key) { storage.setMember(key.stringValue, .bool(value)) }
  mutating func encode(_ value: String, forKey key: Key) { storage.setMember(key.stringValue, .string(value)) }
  mutating func encode(_ value: Double, forKey key: Key) throws { storage.setMember(key.stringValue, try JSONNode.number(value)) }
  mutating func encode(_ value: Float, forKey key: Key) throws { storage.setMember(key.stringValue, try JSONNode.number(value)) }
  mutating func encode(_ value: Int, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: Int8, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: Int16, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: Int32, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: Int64, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: UInt, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: UInt8, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: UInt16, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: UInt32, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: UInt64, forKey key: Key) { storage.setMember(key.stringValue, .number(String(value))) }
  mutating func encode(_ value: some Encodable, forKey key: Key) throws { storage.setMember(key.stringValue, try node(value)) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
    superEncoder(forKey: key).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    superEncoder(forKey: key).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { child(named: "super") }
  mutating func superEncoder(forKey key: Key) -> any Encoder { child(named: key.stringValue) }

  /// An encoder for a member filled after this call returns.
  private func child(named name: String) -> NodeEncoder {
    let encoder = NodeEncoder()
    storage.setMember(name, .pending(encoder.storage))
    return encoder
  }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
  let storage: NodeStorage
  var codingPath: [any CodingKey] { [] }
  private(set) var count = 0

  init(storage: NodeStorage) { self.storage = storage }

  private mutating func add(_ value: JSONNode) {
    storage.append(value)
    count += 1
  }

  mutating func encodeNil() { add(.null) }
  mutating func encode(_ value: Bool) { add(.bool(value)) }
  mutating func encode(_ value: String) { add(.string(value)) }
  mutating func encode(_ value: Double) throws { add(try JSONNode.number(value)) }
  mutating func encode(_ value: Float) throws { add(try JSONNode.number(value)) }
  mutating func encode(_ value: Int) { add(.number(String(value))) }
  mutating func encode(_ value: Int8) { add(.number(String(value))) }
  mutating func encode(_ value: Int16) { add(.number(String(value))) }
  mutating func encode(_ value: Int32) { add(.number(String(value))) }
  mutating func encode(_ value: Int64) { add(.number(String(value))) }
  mutating func encode(_ value: UInt) { add(.number(String(value))) }
  mutating func encode(_ value: UInt8) { add(.number(String(value))) }
  mutating func encode(_ value: UInt16) { add(.number(String(value))) }
  mutating func encode(_ value: UInt32) { add(.number(String(value))) }
  mutating func encode(_ value: UInt64) { add(.number(String(value))) }
  mutating func encode(_ value: some Encodable) throws { add(try node(value)) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    superEncoder().container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    superEncoder().unkeyedContainer()
  }

  /// An encoder for an element filled after this call returns.
  mutating func superEncoder() -> any Encoder {
    let encoder = NodeEncoder()
    add(.pending(encoder.storage))
    return encoder
  }
}

private struct ValueContainer: SingleValueEncodingContainer {
  let storage: NodeStorage
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil() { storage.node = .null }
  mutating func encode(_ value: Bool) { storage.node = .bool(value) }
  mutating func encode(_ value: String) { storage.node = .string(value) }
  mutating func encode(_ value: Double) throws { storage.node = try JSONNode.number(value) }
  mutating func encode(_ value: Float) throws { storage.node = try JSONNode.number(value) }
  mutating func encode(_ value: Int) { storage.node = .number(String(value)) }
  mutating func encode(_ value: Int8) { storage.node = .number(String(value)) }
  mutating func encode(_ value: Int16) { storage.node = .number(String(value)) }
  mutating func encode(_ value: Int32) { storage.node = .number(String(value)) }
  mutating func encode(_ value: Int64) { storage.node = .number(String(value)) }
  mutating func encode(_ value: UInt) { storage.node = .number(String(value)) }
  mutating func encode(_ value: UInt8) { storage.node = .number(String(value)) }
  mutating func encode(_ value: UInt16) { storage.node = .number(String(value)) }
  mutating func encode(_ value: UInt32) { storage.node = .number(String(value)) }
  mutating func encode(_ value: UInt64) { storage.node = .number(String(value)) }
  mutating func encode(_ value: some Encodable) throws { storage.node = try node(value) }
}

/// Writes JSON in `PrettyJSONEncoder`'s layout by hand, for documents too large to go through
/// `Encodable` and a tree (the workload export): the caller writes each object's keys in
/// code-unit order, as `.sortedKeys` would have, and leaves out absent optionals, as synthesized
/// `Encodable` does. A test compares the result with `PrettyJSONEncoder`'s.
///
/// The document is written into a buffer of its own, which only this writer holds: an append
/// is a capacity check and a copy. Appending a few bytes to an `Array` tested it for uniqueness
/// and went through its generic copy, about a hundred instructions for each key and value of
/// 150 MB of spend cards. Use one writer through `inout`; a copy of it writes into the same
/// buffer.
public struct PrettyJSONWriter {
  /// The bytes written and not yet drained.
  private let bytes: ByteBuffer
  /// The array the last piece was handed to the sink in, kept (emptied) for the next: a large
  /// document is drained a hundred times, and a new array each time was 185 MB of allocations
  /// of a megabyte and more for the spend export of 10,000 workloads.
  private var spare: [UInt8] = []
  /// For each open object or array: whether it has no member yet.
  private var empty: [Bool] = []
  #if DEBUG
    /// For each open object, its last key: debug builds (the tests) check the order.
    private var lastKeys: [String?] = []
  #endif

  /// A writer with room for `capacity` bytes, as if `indent` levels deep in an enclosing
  /// document.
  public init(capacity: Int = 0, indent: Int = 0) {
    bytes = ByteBuffer(capacity: capacity)
    empty = Array(repeating: false, count: indent)
    #if DEBUG
      lastKeys = Array(repeating: nil, count: indent)
    #endif
  }

  /// How many objects and arrays are open (with the levels the writer was made inside).
  public var depth: Int { empty.count }

  /// How many bytes the writer holds (written, not yet drained).
  public var count: Int { bytes.count }

  /// The document (what was not drained); the writer is left empty.
  public mutating func finish() -> [UInt8] {
    defer { bytes.removeAll() }
    return bytes.bytes
  }

  /// Hands what is written so far to `sink`, which may empty it (writing a large document out
  /// in pieces); the writer goes on where it stopped, after what the sink left.
  public mutating func drain(_ sink: (inout [UInt8]) throws -> Void) rethrows {
    // Taken, not shared: the sink's writes into it copy nothing.
    var piece = spare
    spare = []
    piece.removeAll(keepingCapacity: true)
    bytes.withBytes { piece.append(contentsOf: $0) }
    bytes.removeAll()
    defer {
      piece.withUnsafeBufferPointer { bytes.append($0) }
      piece.removeAll(keepingCapacity: true)
      spare = piece
    }
    try sink(&piece)
  }

  /// Opens an object (`{`), as a value.
  public mutating func beginObject() {
    bytes.append(UInt8(ascii: "{"))
    empty.append(true)
    #if DEBUG
      lastKeys.append(nil)
    #endif
  }

  /// Closes the innermost object.
  public mutating func endObject() {
    #if DEBUG
      lastKeys.removeLast()
    #endif
    close(UInt8(ascii: "}"))
  }

  /// Opens an array (`[`), as a value.
  public mutating func beginArray() {
    bytes.append(UInt8(ascii: "["))
    empty.append(true)
  }

  /// Closes the innermost array.
  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// Starts the next member of the innermost object: `"key" : `, then write its value.
  @_disfavoredOverload
  public mutating func key(_ key: String) {
    #if DEBUG
      checkOrder(key)
    #endif
    separate()
    string(key)
    bytes.append(" : ")
  }

  /// `key(_:)` for a name written in the code: copied as it is, as such names never need
  /// escaping (debug builds check).
  public mutating func key(_ key: StaticString) {
    #if DEBUG
      let text = key.description
      var escaped: [UInt8] = []
      JSONNode.writeString(text, to: &escaped)
      precondition(escaped.count == text.utf8.count + 2, "'\(text)' needs escaping")
      checkOrder(text)
    #endif
    separate()
    let count = key.utf8CodeUnitCount
    let place = bytes.reserve(count + 5)
    place.initialize(to: UInt8(ascii: "\""))
    (place + 1).initialize(from: key.utf8Start, count: count)
    UnsafeMutableRawPointer(place + 1 + count).storeBytes(of: UInt32(0x203A_2022).littleEndian, as: UInt32.self)  // `" : `
    bytes.used += count + 5
  }

  #if DEBUG
    private mutating func checkOrder(_ key: String) {
      precondition(lastKeys[lastKeys.count - 1].map { JSONNode.less($0, key) } ?? true, "'\(key)' out of key order")
      lastKeys[lastKeys.count - 1] = key
    }
  #endif

  /// What `member(_:_:)` writes for each of `members` in the innermost object (as its first
  /// members when `first`), then `key(next)`: a run of members that many objects written at
  /// this depth share, made once and copied into each with `members(_:)`.
  public func memberRun(
    _ members: [(name: StaticString, text: String)], first: Bool, then next: StaticString? = nil
  ) -> [UInt8] {
    var run = PrettyJSONWriter(capacity: 256, indent: empty.count)
    if first { run.empty[run.empty.count - 1] = true }
    for member in members { run.member(member.name, member.text) }
    if let next { run.key(next) }
    return run.finish()
  }

  /// Copies `run` (made by `memberRun` at this depth) into the innermost object, which then
  /// has members.
  public mutating func members(_ run: [UInt8]) {
    run.withUnsafeBufferPointer { bytes.append($0) }
    empty[empty.count - 1] = false
  }

  /// A value this writer (or another) wrote before at the same depth, copied as it is.
  public mutating func raw(_ bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBufferPointer { self.bytes.append($0) }
  }

  /// Starts the next element of the innermost array; then write its value.
  public mutating func element() { separate() }

  /// A string value.
  public mutating func string(_ text: String) {
    JSONString.append(text, to: bytes, shortBackspaceAndFormFeed: true)
  }

  /// An array of string values.
  public mutating func strings(_ items: [String]) {
    beginArray()
    for item in items {
      element()
      string(item)
    }
    endArray()
  }

  /// A string value whose bytes `append` writes: text that needs no escaping (digits, a
  /// point, a minus sign, a date), without a `String` made for it.
  public mutating func plainString(_ append: (inout [UInt8]) -> Void) {
    var text: [UInt8] = []
    append(&text)
    let place = bytes.reserve(text.count + 2)
    place.initialize(to: UInt8(ascii: "\""))
    text.withUnsafeBufferPointer { (place + 1).initialize(from: $0.baseAddress!, count: $0.count) }
    (place + 1 + text.count).initialize(to: UInt8(ascii: "\""))
    bytes.used += text.count + 2
  }

  /// A string value of at most `maximum` bytes that need no escaping, which `write` puts at
  /// the pointer it is given and counts; `plainString(_:)` without an array made for it.
  public mutating func plainString(maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
    let place = bytes.reserve(maximum + 2)
    place.initialize(to: UInt8(ascii: "\""))
    let count = write(place + 1)
    precondition(count <= maximum, "plainString wrote past its maximum")
    (place + 1 + count).initialize(to: UInt8(ascii: "\""))
    bytes.used += count + 2
  }

  /// A decimal as a string value, `ExactDecimal.format(value, minimumFractionDigits:)` written
  /// without making the string.
  public mutating func decimal(_ value: Decimal, minimumFractionDigits: Int) {
    let place = bytes.reserve(ExactDecimal.fastMaximum + minimumFractionDigits + 2)
    guard
      let count = ExactDecimal.writeFast(
        value, minimumFractionDigits: minimumFractionDigits, to: place + 1)
    else {
      return string(ExactDecimal.format(value, minimumFractionDigits: minimumFractionDigits))
    }
    place.initialize(to: UInt8(ascii: "\""))
    (place + 1 + count).initialize(to: UInt8(ascii: "\""))
    bytes.used += count + 2
  }

  /// An amount as a string value: `amount.canonical`, written as
  /// `decimal(_:minimumFractionDigits:)` writes it.
  public mutating func amount(_ amount: Money) { decimal(amount.value, minimumFractionDigits: 2) }

  /// `"key" : "amount"`, the amount written as `amount(_:)` writes it.
  public mutating func member(_ name: StaticString, amount: Money) {
    key(name)
    self.amount(amount)
  }

  /// A whole-number value.
  public mutating func int(_ value: Int) { bytes.append(decimal: value) }

  /// A `true` or `false` value.
  public mutating func bool(_ value: Bool) { bytes.append(value ? "true" : "false") }

  /// `null`, as an optional encoded with `encode(_:forKey:)` (not `encodeIfPresent`) is written.
  public mutating func null() { bytes.append("null") }

  /// A double as `JSONEncoder` writes it (shortest text, no `.0`); NaN and infinities throw.
  public mutating func double(_ value: Double) throws {
    var text: [UInt8] = []
    try JSONNode.number(value).write(to: &text, indent: 0)
    text.withUnsafeBufferPointer { bytes.append($0) }
  }

  /// Any `Encodable` value, through `PrettyJSONEncoder` at this depth.
  public mutating func encoded(_ value: some Encodable) throws {
    var text: [UInt8] = []
    try PrettyJSONEncoder().encode(value, indent: empty.count, to: &text)
    text.withUnsafeBufferPointer { bytes.append($0) }
  }

  /// An array value whose elements go through `PrettyJSONEncoder` one at a time, what is
  /// written handed to `sink` every `drainEvery` elements: a large array is never one tree or
  /// one buffer. The same text as `encoded(items)`.
  public mutating func encodedArray(
    _ items: [some Encodable], drainEvery: Int = 100, into sink: (inout [UInt8]) throws -> Void
  ) throws {
    beginArray()
    for (index, item) in items.enumerated() {
      element()
      try encoded(item)
      if index % drainEvery == drainEvery - 1 { try drain(sink) }
    }
    endArray()
  }

  /// Whether the key `left` comes before `right` in the order `.sortedKeys` writes them.
  public static func precedes(_ left: String, _ right: String) -> Bool {
    JSONNode.less(left, right)
  }

  /// `"key" : "text"`, left out when `text` is nil.
  @_disfavoredOverload
  public mutating func member(_ name: String, _ text: String?) {
    guard let text else { return }
    key(name)
    string(text)
  }

  /// `member(_:_:)` for a name written in the code.
  public mutating func member(_ name: StaticString, _ text: String?) {
    guard let text else { return }
    key(name)
    string(text)
  }

  /// A comma unless the innermost object or array is still empty, then the next line's
  /// indentation.
  private mutating func separate() {
    let last = empty.count - 1
    let first = empty[last]
    if first { empty[last] = false }
    let width = 2 * empty.count
    let place = bytes.reserve(width + 2)
    var at = place
    if !first {
      at.initialize(to: UInt8(ascii: ","))
      at += 1
    }
    at.initialize(to: UInt8(ascii: "\n"))
    (at + 1).initialize(repeating: UInt8(ascii: " "), count: width)
    bytes.used += (at + 1 + width) - place
  }

  private mutating func close(_ bracket: UInt8) {
    if empty.removeLast() { bytes.append(UInt8(ascii: "\n")) }
    let width = 2 * empty.count
    let place = bytes.reserve(width + 2)
    place.initialize(to: UInt8(ascii: "\n"))
    (place + 1).initialize(repeating: UInt8(ascii: " "), count: width)
    (place + 1 + width).initialize(to: bracket)
    bytes.used += width + 2
  }
}
