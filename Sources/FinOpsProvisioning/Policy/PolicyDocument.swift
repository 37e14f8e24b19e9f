/// An IAM policy document: the statements of a trust or permission policy, and their JSON.
public struct PolicyDocument: Sendable, Hashable {
  /// The policy language version every generated document uses.
  public static let version = "2012-10-17"

  /// The statements, in the order they are written.
  public var statements: [PolicyStatement]

  /// Creates a document.
  public init(statements: [PolicyStatement]) { self.statements = statements }

  /// The document as JSON: keys in IAM's usual order, two-space indentation, a trailing newline.
  public var json: String {
    var json = PolicyJSON(capacity: 256 + 512 * statements.count)
    json.beginObject()
    json.key("Version")
    json.string(PolicyDocument.version)
    json.key("Statement")
    json.beginArray()
    for statement in statements {
      json.element()
      statement.write(to: &json)
    }
    json.endArray()
    json.endObject()
    json.endLine()
    return json.text
  }

  /// The statement with this `Sid`.
  public func statement(_ sid: String) -> PolicyStatement? { statements.first { $0.sid == sid } }
}
