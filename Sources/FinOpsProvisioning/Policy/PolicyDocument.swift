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
    let document = JSONValue.object([
      JSONMember("Version", .string(PolicyDocument.version)),
      JSONMember("Statement", .array(statements.map(\.jsonValue))),
    ])
    return document.rendered(endingLine: true)
  }

  /// The statement with this `Sid`.
  public func statement(_ sid: String) -> PolicyStatement? { statements.first { $0.sid == sid } }
}
