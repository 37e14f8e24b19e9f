/// The names a set of templates can look up, each interned to a small integer. Encoding keeps
/// only the children a template can ask for, and lookups compare integers.
public struct TemplateKeys: Sendable {
  /// Name to id.
  private(set) var ids: [String: Int32] = [:]

  /// The id of `name`, interning it.
  mutating func intern(_ name: String) -> Int32 {
    if let id = ids[name] { return id }
    let id = Int32(ids.count)
    ids[name] = id
    return id
  }

  /// The id of `name`, nil when no template uses it.
  func id(_ name: String) -> Int32? { ids[name] }
}
