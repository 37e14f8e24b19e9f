/// What a template renders: text, a flag, a list or an object, nothing else. Objects answer a
/// lookup by the interned id of a name (see `TemplateKeys`), so rendering never hashes or
/// compares strings and never reflects over a Swift value.
public enum TemplateValue: Sendable, Equatable {
  /// Printed as is (escaped in `{{name}}`); truthy even when empty, like swift-mustache.
  case text(String)
  /// `false` is falsey; printed as `true` or `false`.
  case bool(Bool)
  /// Sections iterate it; empty is falsey.
  case list([TemplateValue])
  /// Sections push it onto the context stack.
  case object(TemplateObject)

  /// Whether a section renders for this value (an inverted section renders when it does not).
  var isTruthy: Bool {
    switch self {
    case .bool(let flag): flag
    case .list(let items): !items.isEmpty
    case .text, .object: true
    }
  }
}

/// A value with named children, the names interned by the library that encoded it.
public struct TemplateObject: Sendable, Equatable {
  /// The children with the interned ids of their names, in one array (one allocation).
  @usableFromInline var children: [TemplateChild] = []

  /// The child with the interned name `key`, if present.
  func value(_ key: Int32) -> TemplateValue? {
    // Objects are small (tens of children): a linear scan over integers beats hashing.
    for child in children where child.key == key { return child.value }
    return nil
  }

  /// The same children, with the same names, in the same order.
  public static func == (lhs: TemplateObject, rhs: TemplateObject) -> Bool {
    lhs.children.count == rhs.children.count
      && zip(lhs.children, rhs.children).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}

/// One child of an object: the interned id of its name, and its value.
///
/// A struct rather than a tuple: an array of tuples is destroyed through the runtime's generic
/// tuple walk, element by element, and every page's value tree is destroyed once it is rendered.
@usableFromInline
struct TemplateChild: Sendable, Equatable {
  /// The interned id of the name.
  @usableFromInline var key: Int32
  /// The value.
  @usableFromInline var value: TemplateValue

  /// The child `value` named by `key`.
  @inlinable
  init(_ key: Int32, _ value: TemplateValue) {
    self.key = key
    self.value = value
  }
}
