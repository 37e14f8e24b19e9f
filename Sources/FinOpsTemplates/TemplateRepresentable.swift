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
  /// The template value: an object with the children that `keys` can look up.
  @inlinable
  public func templateValue(keys: TemplateKeys) -> TemplateValue {
    var object = TemplateObjectBuilder(keys: keys, capacity: Self.templateChildCount)
    addTemplateChildren(to: &object)
    // The count is only room made ahead, but kept true: the tests' keys use every name.
    assert(object.object.children.count <= Self.templateChildCount, "\(Self.self) adds more children than it says")
    return .object(object.object)
  }
}

/// The object a `TemplateRepresentable` value writes its children into. A child whose name no
/// template uses is left out, as `TemplateEncoder` leaves it out.
public struct TemplateObjectBuilder {
  /// The names the templates use.
  @usableFromInline let keys: TemplateKeys
  /// The children so far.
  @usableFromInline var object = TemplateObject()

  /// An empty object with room for `capacity` children.
  @usableFromInline
  init(keys: TemplateKeys, capacity: Int) {
    self.keys = keys
    object.children.reserveCapacity(capacity)
  }

  /// Adds `value` as `name` when a template uses the name.
  @usableFromInline
  mutating func add(_ name: String, value: TemplateValue) {
    guard let id = keys.id(name) else { return }
    object.children.append(TemplateChild(id, value))
  }

  /// Text.
  public mutating func add(_ name: String, _ text: String) { add(name, value: .text(text)) }

  /// Text, or nothing when nil.
  public mutating func add(_ name: String, _ text: String?) {
    if let text { add(name, value: .text(text)) }
  }

  /// A flag.
  public mutating func add(_ name: String, _ flag: Bool) { add(name, value: .bool(flag)) }

  /// A number, as its decimal text.
  public mutating func add(_ name: String, _ number: Int) {
    guard let id = keys.id(name) else { return }
    object.children.append(TemplateChild(id, .text(String(number))))
  }

  /// A number, or nothing when nil.
  public mutating func add(_ name: String, _ number: Int?) {
    if let number { add(name, number) }
  }

  /// A list of texts.
  public mutating func add(_ name: String, _ texts: [String]) {
    guard let id = keys.id(name) else { return }
    object.children.append(TemplateChild(id, .list(texts.map { .text($0) })))
  }

  /// A nested object.
  @inlinable
  public mutating func add(_ name: String, _ value: some TemplateRepresentable) {
    guard let id = keys.id(name) else { return }
    object.children.append(TemplateChild(id, value.templateValue(keys: keys)))
  }

  /// A list of objects.
  @inlinable
  public mutating func add(_ name: String, _ values: [some TemplateRepresentable]) {
    guard let id = keys.id(name) else { return }
    var items: [TemplateValue] = []
    items.reserveCapacity(values.count)
    for value in values { items.append(value.templateValue(keys: keys)) }
    object.children.append(TemplateChild(id, .list(items)))
  }

  /// A list of values encoded before.
  @inlinable
  public mutating func add<Model>(_ name: String, _ values: [TemplateEncoded<Model>]) {
    guard let id = keys.id(name) else { return }
    object.children.append(TemplateChild(id, .list(values.map(\.sharedValue))))
  }
}
