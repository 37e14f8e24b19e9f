/// A view model that writes its template value itself, child by child, instead of through its
/// `encode(to:)`: no encoder object, containers or coding keys per value, and nested values
/// written the same way. For the view models encoded thousands of times a build.
///
/// What it writes must equal what `TemplateEncoder` makes of its `Encodable` conformance: the
/// same children in the same order, a nil optional left out, numbers as decimal text. A test
/// compares the two for every conforming type.
public protocol TemplateRepresentable: Encodable {
  /// How many children it adds at most: room for them is made at once.
  static var templateChildCount: Int { get }

  /// Adds the properties `encode(to:)` encodes, in the same order.
  func addTemplateChildren(to object: inout TemplateObjectBuilder)
}

extension TemplateRepresentable {
  /// The template value: an object with the children that `keys` can look up, in an arena of
  /// its own.
  @inlinable
  public func templateValue(keys: TemplateKeys) -> TemplateValue {
    var object = TemplateObjectBuilder(keys: keys, capacity: Self.templateChildCount)
    addTemplateChildren(to: &object)
    // The count is only room made ahead, but kept true: the tests' keys use every name.
    assert(object.count <= Self.templateChildCount, "\(Self.self) adds more children than it says")
    return .arena(object.arena)
  }
}

/// The object a `TemplateRepresentable` value writes its children into, in the arena of the
/// value being made: a nested value's children are written into the same arena, after its
/// parent's. A child whose name no template uses is left out, as `TemplateEncoder` leaves it
/// out.
public struct TemplateObjectBuilder {
  /// The names the templates use.
  @usableFromInline let keys: TemplateKeys
  /// The arena being written.
  @usableFromInline let arena: TemplateArena
  /// The object being written, and the end of the room for its children in the arena's links.
  @usableFromInline var object: Int32
  @usableFromInline var end: Int

  /// A new arena whose root is an empty object with room for `capacity` children.
  @usableFromInline
  init(keys: TemplateKeys, capacity: Int) {
    self.keys = keys
    arena = TemplateArena(nodes: 4 * capacity)
    (object, end) = arena.object(capacity: capacity)
  }

  /// How many children the object being written has.
  @usableFromInline var count: Int { Int(arena.nodes[Int(object)].count) }

  /// Adds the node `node` as the child `id`.
  @usableFromInline
  mutating func add(_ id: Int32, node: Int32) {
    arena.addChild(to: object, end: &end, key: id, node: node)
  }

  /// `value` written as an object of the arena (its children, then the objects inside them);
  /// its node.
  @inlinable
  mutating func write(_ value: some TemplateRepresentable) -> Int32 {
    let (outer, outerEnd) = (object, end)
    (object, end) = arena.object(capacity: type(of: value).templateChildCount)
    let node = object
    value.addTemplateChildren(to: &self)
    (object, end) = (outer, outerEnd)
    return node
  }

  /// Text.
  public mutating func add(_ name: String, _ text: String) {
    guard let id = keys.id(name) else { return }
    add(id, node: arena.text(text))
  }

  /// Text, or nothing when nil.
  public mutating func add(_ name: String, _ text: String?) {
    if let text { add(name, text) }
  }

  /// A flag.
  public mutating func add(_ name: String, _ flag: Bool) {
    guard let id = keys.id(name) else { return }
    add(id, node: arena.bool(flag))
  }

  /// A number, as its decimal text.
  public mutating func add(_ name: String, _ number: Int) {
    guard let id = keys.id(name) else { return }
    add(id, node: arena.text(String(number)))
  }

  /// A number, or nothing when nil.
  public mutating func add(_ name: String, _ number: Int?) {
    if let number { add(name, number) }
  }

  /// A list of texts.
  public mutating func add(_ name: String, _ texts: [String]) {
    guard let id = keys.id(name) else { return }
    let list = arena.list(count: texts.count)
    for (index, text) in texts.enumerated() { arena.setItem(index, of: list, to: arena.text(text)) }
    add(id, node: list)
  }

  /// A nested object.
  @inlinable
  public mutating func add(_ name: String, _ value: some TemplateRepresentable) {
    guard let id = keys.id(name) else { return }
    let node = write(value)
    add(id, node: node)
  }

  /// A list of objects.
  @inlinable
  public mutating func add(_ name: String, _ values: [some TemplateRepresentable]) {
    guard let id = keys.id(name) else { return }
    let list = arena.list(count: values.count)
    for index in values.indices { arena.setItem(index, of: list, to: write(values[index])) }
    add(id, node: list)
  }

  /// A value encoded before.
  @inlinable
  public mutating func add<Model>(_ name: String, _ value: TemplateEncoded<Model>) {
    guard let id = keys.id(name) else { return }
    add(id, node: arena.shared(value.storage.shared))
  }

  /// A list of values encoded before.
  @inlinable
  public mutating func add<Model>(_ name: String, _ values: [TemplateEncoded<Model>]) {
    guard let id = keys.id(name) else { return }
    let list = arena.list(count: values.count)
    for index in values.indices {
      arena.setItem(index, of: list, to: arena.shared(values[index].storage.shared))
    }
    add(id, node: list)
  }
}
