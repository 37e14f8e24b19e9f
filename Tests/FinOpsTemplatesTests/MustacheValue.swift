/// Turns any value into the dictionaries and arrays swift-mustache renders without reflection,
/// so that the differential tests feed both engines the same data.
enum MustacheValue {
  /// Structs become `[String: Any]` (nil optionals left out), arrays `[Any]`, the rest is kept.
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

  private static func unwrap(_ value: Any) -> Any? {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .optional else { return value }
    return mirror.children.first.map(\.value)
  }
}
