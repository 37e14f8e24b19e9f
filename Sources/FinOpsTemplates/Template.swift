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
  /// Its nodes, laid out flat for rendering.
  let program: TemplateProgram

  init(name: String, nodes: [Node]) {
    self.name = name
    program = TemplateProgram(nodes)
  }
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
///
/// Held without a reference (up to three parts inline): a page's render reads thousands of
/// names, and a name that held an array and a string cost two reference counts each time.
struct Name: Sendable, Equatable {
  /// How many dotted parts; 0 for `.`.
  let count: Int
  private let first: Int32
  private let second: Int32
  private let third: Int32
  /// Every part, for a name of more than three.
  private let more: [Int32]?

  /// The name of the interned `parts` (none for `.`).
  init(parts: [Int32]) {
    count = parts.count
    first = parts.count > 0 ? parts[0] : -1
    second = parts.count > 1 ? parts[1] : -1
    third = parts.count > 2 ? parts[2] : -1
    more = parts.count > 3 ? parts : nil
  }

  /// Part `index` (below `count`).
  subscript(index: Int) -> Int32 {
    switch index {
    case 0: first
    case 1: second
    case 2: third
    default: more![index]
    }
  }
}
