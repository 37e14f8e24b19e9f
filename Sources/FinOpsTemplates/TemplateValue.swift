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
  /// Interned name ids, parallel to `values`.
  var keys: [Int32] = []
  /// The children.
  var values: [TemplateValue] = []

  /// The child with the interned name `key`, if present.
  func value(_ key: Int32) -> TemplateValue? {
    // Objects are small (tens of children): a linear scan over integers beats hashing.
    for index in keys.indices where keys[index] == key { return values[index] }
    return nil
  }
}
