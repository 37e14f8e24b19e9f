/// Turns a view model into dictionaries and arrays once, before rendering: swift-mustache looks
/// a key up in a dictionary by hashing, but in a struct by reflecting over all its properties on
/// every lookup, which made rendering 10,000 pages take minutes.
enum MustacheValue {
  /// Structs become `[String: Any]` (nil optionals left out, so a section on them is false),
  /// arrays become `[Any]`, everything else is kept.
  static func convert(_ value: Any) -> Any {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .struct, .class:
      var dictionary: [String: Any] = [:]
      for child in mirror.children {
        guard let label = child.label, let converted = unwrap(child.value) else { continue }
        dictionary[label] = convert(converted)
      }
      return dictionary
    case .collection:
      return mirror.children.map { convert($0.value) }
    case .optional:
      return unwrap(value).map(convert) ?? false
    default:
      return value
    }
  }

  /// The wrapped value of an optional, nil for none; other values unchanged.
  private static func unwrap(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map(\.value)
  }
}
