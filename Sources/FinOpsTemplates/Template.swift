/// A parsed Mustache template: text and tags as a tree, names already interned.
///
/// The dialect is the one swift-mustache 2.1.1 renders (the engine this replaced, see
/// `doc/adr/0003-compiled-templates.md`): variables, `{{{triple}}}` and `{{&name}}`, dotted
/// names and `{{.}}`, sections and inverted sections, comments, set-delimiter tags, partials
/// `{{>name}}` and inheritance `{{<parent}}{{$block}}…{{/block}}{{/parent}}`, with standalone
/// lines removed. Lambdas and transforms are not supported.
public struct Template: Sendable {
  /// The template's name, for messages.
  public let name: String
  let nodes: [Node]
}

/// One piece of a template.
enum Node: Sendable {
  /// Literal bytes.
  case text([UInt8])
  /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}`.
  case variable(Name, escaped: Bool)
  /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
  case section(Name, [Node], inverted: Bool)
  /// `{{>name}}`; a standalone tag indents every line of the partial.
  case partial(String, indentation: [UInt8])
  /// `{{<name}}…{{/name}}`: the named template with these blocks overridden.
  case parent(String, blocks: [String: [Node]], indentation: [UInt8])
  /// `{{$name}}default{{/name}}`: replaced by an override from a parent tag, if any; the
  /// whitespace before the tag indents the lines that follow.
  case block(String, [Node], indentation: [UInt8])
}

/// A name as written in a tag: `.` for the current value, otherwise dotted parts.
struct Name: Sendable, Equatable {
  /// Interned ids of the dotted parts; empty for `.`.
  var parts: [Int32]
  /// The name as written, for the matching close tag.
  var text: String
}
