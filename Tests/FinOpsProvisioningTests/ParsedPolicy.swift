import Foundation
import Testing

/// A generated policy read back with `JSONSerialization`, so the checks see what IAM would parse,
/// not the Swift values that produced it.
struct ParsedPolicy {
  /// Each statement's members.
  let statements: [[String: Any]]

  /// Parses `json`, failing the test when it is not an IAM policy document that survives a
  /// `JSONSerialization` round trip.
  init(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
    let again = try JSONSerialization.jsonObject(
      with: JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    #expect(
      (object as? NSDictionary)?.isEqual(again) == true, "JSON round trip changed the document",
      sourceLocation: sourceLocation)
    let document = try #require(object as? [String: Any], sourceLocation: sourceLocation)
    #expect(document["Version"] as? String == "2012-10-17", sourceLocation: sourceLocation)
    statements = try #require(document["Statement"] as? [[String: Any]])
  }

  /// A string-or-array member as strings.
  static func strings(_ value: Any?) -> [String] {
    if let text = value as? String { return [text] }
    return value as? [String] ?? []
  }

  /// Every condition key the statements use.
  var conditionKeys: [String] {
    statements.flatMap { statement in
      ((statement["Condition"] as? [String: [String: Any]]) ?? [:]).values.flatMap(\.keys)
    }
  }

  /// The Deny statements.
  var denies: [[String: Any]] { statements.filter { $0["Effect"] as? String == "Deny" } }

  /// The Allow statements.
  var allows: [[String: Any]] { statements.filter { $0["Effect"] as? String == "Allow" } }

  /// The `service:` prefixes of a statement's actions that end in `*`.
  static func wildcardPrefixes(_ statement: [String: Any]) -> [String] {
    strings(statement["Action"]).compactMap { action in
      action.hasSuffix(":*") ? String(action.dropLast(2)) : nil
    }
  }
}
