/// Turns an `Encodable` view model into a `TemplateValue` through its synthesized `encode(to:)`:
/// compiled code, no reflection. Structs become objects (a nil optional is left out, so a
/// section on it is false), arrays become lists, strings text, numbers their decimal text.
/// Children whose name no template uses are skipped without being encoded. A
/// `TemplateRepresentable` view model writes its value itself instead.
struct TemplateEncoder {
  let keys: TemplateKeys

  /// The template value of `value`; a `TemplateRepresentable` writes its own.
  func encode(_ value: some Encodable) throws -> TemplateValue {
    if let value = value as? any TemplateRepresentable { return value.templateValue(keys: keys) }
    return try encodeThroughCodable(value)
  }

  /// The template value of `value` through its `encode(to:)`, even when it writes its own:
  /// what a `TemplateRepresentable` must equal.
  func encodeThroughCodable(_ value: some Encodable) throws -> TemplateValue {
    let encoder = ValueEncoder(keys: keys)
    try value.encode(to: encoder)
    return encoder.value
  }
}

/// The encoder a `TemplateEncoded` value hands its ready value to.
protocol TemplateValueEncoder: AnyObject {
  func setValue(_ value: TemplateValue)
}

/// An encoder and the value it accumulates, in one object (one allocation per nested value):
/// its containers share it.
private final class ValueEncoder: Encoder, TemplateValueEncoder {
  enum Kind {
    case empty
    case single(TemplateValue)
    case object(TemplateObject)
    case list([TemplateValue])
  }

  let keys: TemplateKeys
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  var kind = Kind.empty
  /// Nested containers handed out before they were filled: their place among the children,
  /// and their encoder, read when this value is.
  var pending: [(index: Int, encoder: ValueEncoder)] = []

  init(keys: TemplateKeys) { self.keys = keys }

  var value: TemplateValue {
    switch kind {
    case .empty: return .bool(false)
    case .single(let value): return value
    case .object(var object):
      for child in pending { object.children[child.index].value = child.encoder.value }
      return .object(object)
    case .list(var items):
      for child in pending { items[child.index] = child.encoder.value }
      return .list(items)
    }
  }

  /// An encoder for a nested container, placed now and filled later.
  func setPendingObject(_ key: Int32) -> ValueEncoder {
    let child = ValueEncoder(keys: keys)
    setObject(key, .bool(false))
    if case .object(let object) = kind { pending.append((object.children.count - 1, child)) }
    return child
  }

  /// An encoder for a nested list element, placed now and filled later.
  func appendPending() -> ValueEncoder {
    let child = ValueEncoder(keys: keys)
    append(.bool(false))
    if case .list(let items) = kind { pending.append((items.count - 1, child)) }
    return child
  }

  func setObject(_ key: Int32, _ value: TemplateValue) {
    var object: TemplateObject
    if case .object(let existing) = kind {
      object = existing
      kind = .empty  // keep the arrays uniquely referenced while they grow
    } else {
      object = TemplateObject()
    }
    object.children.append(TemplateChild(key, value))
    kind = .object(object)
  }

  func append(_ value: TemplateValue) {
    var items: [TemplateValue]
    if case .list(let existing) = kind {
      items = existing
      kind = .empty
    } else {
      items = []
    }
    items.append(value)
    kind = .list(items)
  }

  func setValue(_ value: TemplateValue) { kind = .single(value) }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .empty = kind { kind = .object(TemplateObject()) }
    return KeyedEncodingContainer(ObjectContainer<Key>(encoder: self))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .empty = kind { kind = .list([]) }
    return ListContainer(encoder: self)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleContainer(encoder: self)
  }
}

/// The template value of one child: scalars directly, everything else through a nested encoder.
/// Compares types instead of casting: `value as? String` asks the runtime for a dynamic cast
/// (and a conformance lookup) on every element of every list.
private func templateValue<Value: Encodable>(_ value: Value, keys: TemplateKeys) throws -> TemplateValue {
  if Value.self == String.self { return .text(unsafeBitCast(value, to: String.self)) }
  if Value.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
  let encoder = ValueEncoder(keys: keys)
  try value.encode(to: encoder)
  return encoder.value
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let encoder: ValueEncoder
  var keys: TemplateKeys { encoder.keys }
  var codingPath: [any CodingKey] { [] }

  private func set(_ key: Key, _ value: @autoclosure () throws -> TemplateValue) rethrows {
    guard let id = keys.id(key.stringValue) else { return }
    encoder.setObject(id, try value())
  }

  mutating func encodeNil(forKey key: Key) {}
  mutating func encode(_ value: Bool, forKey key: Key) { set(key, .bool(value)) }
  mutating func encode(_ value: String, forKey key: Key) { set(key, .text(value)) }
  mutating func encode(_ value: Double, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Float, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Int, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Int8, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Int16, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Int32, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: Int64, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: UInt, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: UInt8, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: UInt16, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: UInt32, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: UInt64, forKey key: Key) { set(key, .text(String(value))) }
  mutating func encode(_ value: some Encodable, forKey key: Key) throws {
    try set(key, try templateValue(value, keys: keys))
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    child(key.stringValue).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    child(key.stringValue).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { child("super") }
  mutating func superEncoder(forKey key: Key) -> any Encoder { child(key.stringValue) }

  /// An encoder for a child filled after this call returns; one that no template can look up
  /// is encoded and dropped.
  private func child(_ name: String) -> ValueEncoder {
    guard let id = keys.id(name) else { return ValueEncoder(keys: keys) }
    return encoder.setPendingObject(id)
  }
}

private struct ListContainer: UnkeyedEncodingContainer {
  let encoder: ValueEncoder
  var keys: TemplateKeys { encoder.keys }
  var codingPath: [any CodingKey] { [] }
  private(set) var count = 0

  init(encoder: ValueEncoder) { self.encoder = encoder }

  private mutating func append(_ value: TemplateValue) {
    encoder.append(value)
    count += 1
  }

  mutating func encodeNil() { append(.bool(false)) }
  mutating func encode(_ value: Bool) { append(.bool(value)) }
  mutating func encode(_ value: String) { append(.text(value)) }
  mutating func encode(_ value: Double) { append(.text(String(value))) }
  mutating func encode(_ value: Float) { append(.text(String(value))) }
  mutating func encode(_ value: Int) { append(.text(String(value))) }
  mutating func encode(_ value: Int8) { append(.text(String(value))) }
  mutating func encode(_ value: Int16) { append(.text(String(value))) }
  mutating func encode(_ value: Int32) { append(.text(String(value))) }
  mutating func encode(_ value: Int64) { append(.text(String(value))) }
  mutating func encode(_ value: UInt) { append(.text(String(value))) }
  mutating func encode(_ value: UInt8) { append(.text(String(value))) }
  mutating func encode(_ value: UInt16) { append(.text(String(value))) }
  mutating func encode(_ value: UInt32) { append(.text(String(value))) }
  mutating func encode(_ value: UInt64) { append(.text(String(value))) }
  mutating func encode(_ value: some Encodable) throws { append(try templateValue(value, keys: keys)) }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type
  ) -> KeyedEncodingContainer<NestedKey> {
    superEncoder().container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    superEncoder().unkeyedContainer()
  }

  /// An encoder for an element filled after this call returns.
  mutating func superEncoder() -> any Encoder {
    count += 1
    return encoder.appendPending()
  }
}

private struct SingleContainer: SingleValueEncodingContainer {
  let encoder: ValueEncoder
  var keys: TemplateKeys { encoder.keys }
  var codingPath: [any CodingKey] { [] }

  private func set(_ value: TemplateValue) { encoder.setValue(value) }

  mutating func encodeNil() { set(.bool(false)) }
  mutating func encode(_ value: Bool) { set(.bool(value)) }
  mutating func encode(_ value: String) { set(.text(value)) }
  mutating func encode(_ value: Double) { set(.text(String(value))) }
  mutating func encode(_ value: Float) { set(.text(String(value))) }
  mutating func encode(_ value: Int) { set(.text(String(value))) }
  mutating func encode(_ value: Int8) { set(.text(String(value))) }
  mutating func encode(_ value: Int16) { set(.text(String(value))) }
  mutating func encode(_ value: Int32) { set(.text(String(value))) }
  mutating func encode(_ value: Int64) { set(.text(String(value))) }
  mutating func encode(_ value: UInt) { set(.text(String(value))) }
  mutating func encode(_ value: UInt8) { set(.text(String(value))) }
  mutating func encode(_ value: UInt16) { set(.text(String(value))) }
  mutating func encode(_ value: UInt32) { set(.text(String(value))) }
  mutating func encode(_ value: UInt64) { set(.text(String(value))) }
  mutating func encode(_ value: some Encodable) throws { set(try templateValue(value, keys: keys)) }
}
