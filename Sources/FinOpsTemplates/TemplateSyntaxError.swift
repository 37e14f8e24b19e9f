/// A template that cannot be parsed, with the position of the problem.
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based line of the problem.
  public var line: Int
  /// 1-based column (in bytes) of the problem.
  public var column: Int
  /// What is wrong.
  public var message: String

  /// `line:column: message`.
  public var description: String { "\(line):\(column): \(message)" }
}

/// A template whose partials include each other without end.
public struct TemplateRenderError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The template being rendered.
  public var template: String
  /// The partial that went past the nesting limit.
  public var partial: String

  public var description: String {
    "rendering \(template): {{>\(partial)}} nests more than \(TemplateRenderer.maximumDepth) partials deep; does it include itself?"
  }
}
