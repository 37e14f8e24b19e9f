extension Template {
  /// Parses `source`, interning every name it uses into `keys`.
  public static func parse(_ source: String, named name: String, keys: inout TemplateKeys) throws(TemplateSyntaxError) -> Template {
    // A program's offsets are 32-bit (`TemplateProgram`): no real template comes near.
    guard source.utf8.count <= Int(Int32.max) / 4 else {
      throw TemplateSyntaxError(
        line: 1, column: 1, message: "a template may not be larger than 512 MB")
    }
    var parser = TemplateParser(bytes: Array(source.utf8), keys: keys)
    let nodes = try parser.parse(TemplateParser.Scope())
    keys = parser.keys
    return Template(name: name, nodes: nodes)
  }
}

/// A recursive-descent parser over the template's bytes. Standalone lines follow
/// swift-mustache: a line holding only whitespace and one section, inverted, close, comment,
/// partial, parent, block or delimiter tag is dropped from the output (a partial's, parent's or
/// block's leading whitespace is kept and indents the lines that follow).
struct TemplateParser {
  let bytes: [UInt8]
  var keys: TemplateKeys
  var position = 0
  var open: [UInt8] = Array("{{".utf8)
  var close: [UInt8] = Array("}}".utf8)
  /// Whether the close tag that ended the last nested scope stood alone on its line, so that
  /// parsing goes on at the start of a line.
  var closedStandalone = false

  init(bytes: [UInt8], keys: TemplateKeys) {
    self.bytes = bytes
    self.keys = keys
  }

  /// Where parsing is: inside which section, at the start of a line, inside a parent tag.
  struct Scope {
    /// The section, parent or block whose close tag ends this scope.
    var section: (name: String, offset: Int)?
    /// At the start of a line (or just after a standalone tag).
    var atLineStart = true
    /// Directly inside `{{<parent}}`, where only block overrides count.
    var parentTopLevel = false
    /// Inside a block override of a parent: its first line's indentation is removed from
    /// every line.
    var inOverride = false
    var overrideIndentation: [UInt8]?

    func entering(_ name: String, at offset: Int, atLineStart: Bool) -> Scope {
      var scope = self
      scope.section = (name, offset)
      scope.atLineStart = atLineStart
      scope.parentTopLevel = false
      return scope
    }
  }

  private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
  private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

  mutating func parse(_ outer: Scope) throws(TemplateSyntaxError) -> [Node] {
    var scope = outer
    var nodes: [Node] = []
    var leading: [UInt8] = []  // whitespace at the start of the current line, not yet written
    func flushLeading() {
      if !leading.isEmpty { nodes.append(.text(leading)) }
      leading = []
    }
    while position < bytes.count {
      if scope.atLineStart {
        let whitespace = readWhitespace()
        if scope.inOverride && !scope.parentTopLevel {
          if let indentation = scope.overrideIndentation {
            leading = Array(whitespace.dropFirst(indentation.count))
          } else {
            scope.overrideIndentation = whitespace
            leading = []
          }
        } else {
          leading = whitespace
        }
      }
      let (text, foundTag) = readText()
      if let newline = newlineLength(at: position) {
        nodes.append(.text(leading + text + bytes[position..<position + newline]))
        leading = []
        position += newline
        scope.atLineStart = true
        continue
      }
      if !text.isEmpty {
        nodes.append(.text(leading + text))
        leading = []
        scope.atLineStart = false
      }
      guard foundTag else {
        flushLeading()
        break
      }
      let tagOffset = position - open.count
      guard position < bytes.count else { throw error(at: tagOffset, "unclosed tag") }
      var standalone = false
      switch bytes[position] {
      case UInt8(ascii: "#"), UInt8(ascii: "^"):
        let inverted = bytes[position] == UInt8(ascii: "^")
        position += 1
        let (name, text) = try readNameAndText(tagOffset)
        standalone = isStandalone(scope)
        if !standalone { flushLeading() }
        let children = try parse(scope.entering(text, at: tagOffset, atLineStart: standalone))
        nodes.append(.section(name, children, inverted: inverted))
        standalone = closedStandalone
      case UInt8(ascii: "/"):
        position += 1
        let name = try readTagContent(tagOffset)
        guard let section = scope.section else {
          throw error(at: tagOffset, "{{/\(name)}} closes nothing")
        }
        guard name == section.name else {
          throw error(at: tagOffset, "{{/\(name)}} does not close {{\(section.name)}} (line \(lineAndColumn(section.offset).line))")
        }
        closedStandalone = isStandalone(scope)
        if !closedStandalone { flushLeading() }
        return Self.joiningText(nodes)
      case UInt8(ascii: "!"):
        position += 1
        guard let end = find(close, from: position) else { throw error(at: tagOffset, "unclosed comment") }
        position = end + close.count
        standalone = isStandalone(scope)
      case UInt8(ascii: "{"):
        flushLeading()
        position += 1
        let content = try readUntil(Array("}".utf8) + close, tagOffset)
        nodes.append(.variable(try name(content, tagOffset).name, escaped: false))
      case UInt8(ascii: "&"):
        flushLeading()
        position += 1
        nodes.append(.variable(try readName(tagOffset), escaped: false))
      case UInt8(ascii: ">"):
        position += 1
        let name = try readTagContent(tagOffset)
        let indentation = leading
        flushLeading()
        standalone = isStandalone(scope)
        // The leading whitespace was just written; a standalone partial repeats it on every
        // further line.
        nodes.append(.partial(name, indentation: standalone ? indentation : []))
      case UInt8(ascii: "<"):
        position += 1
        let name = try readTagContent(tagOffset)
        let indentation = leading
        flushLeading()
        standalone = isStandalone(scope)
        var inner = scope.entering(name, at: tagOffset, atLineStart: true)
        inner.parentTopLevel = true
        inner.inOverride = true
        inner.overrideIndentation = nil
        var blocks: [String: [Node]] = [:]
        for child in try parse(inner) {
          switch child {
          case .block(let block, let content, _): blocks[block] = content
          case .text: continue  // text inside a parent tag is ignored
          default: throw error(at: tagOffset, "{{<\(name)}} may contain only {{$block}} overrides")
          }
        }
        nodes.append(.parent(name, blocks: blocks, indentation: indentation))
        standalone = closedStandalone
      case UInt8(ascii: "$"):
        position += 1
        let name = try readTagContent(tagOffset)
        if scope.parentTopLevel {
          standalone = isStandalone(scope)
          let content = try parse(scope.entering(name, at: tagOffset, atLineStart: standalone))
          nodes.append(.block(name, content, indentation: []))
          standalone = closedStandalone
        } else {
          let indentation = leading
          flushLeading()
          standalone = isStandalone(scope)
          let content = try parse(scope.entering(name, at: tagOffset, atLineStart: standalone))
          nodes.append(.block(name, content, indentation: indentation))
          standalone = closedStandalone
        }
      case UInt8(ascii: "="):
        position += 1
        try readDelimiters(tagOffset)
        standalone = isStandalone(scope)
      case UInt8(ascii: "%"):
        throw error(at: tagOffset, "pragma tags ({{%…}}) are not supported")
      default:
        flushLeading()
        nodes.append(.variable(try readName(tagOffset), escaped: true))
      }
      scope.atLineStart = standalone
    }
    if let section = scope.section {
      throw error(at: section.offset, "{{\(section.name)}} is never closed")
    }
    return Self.joiningText(nodes)
  }

  /// `nodes` with every run of text nodes joined into one. The parser makes a text node per
  /// line, and a page's render copies each node it appends (a reference count taken and
  /// dropped): joined, there are fewer. The renderer indents the lines of a joined text as it
  /// did each line's node.
  static func joiningText(_ nodes: [Node]) -> [Node] {
    var joined: [Node] = []
    joined.reserveCapacity(nodes.count)
    var pending: [UInt8] = []
    for node in nodes {
      if case .text(let text) = node {
        pending += text
        continue
      }
      if !pending.isEmpty {
        joined.append(.text(pending))
        pending = []
      }
      joined.append(node)
    }
    if !pending.isEmpty { joined.append(.text(pending)) }
    return joined
  }

  /// Spaces and tabs at the position, consumed.
  private mutating func readWhitespace() -> [UInt8] {
    let start = position
    while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
    return Array(bytes[start..<position])
  }

  /// Text up to the next newline (not consumed) or opening delimiter (consumed).
  private mutating func readText() -> (text: [UInt8], foundTag: Bool) {
    let start = position
    let first = open[0]
    while position < bytes.count {
      let byte = bytes[position]
      if byte == Self.newline || (byte == Self.carriageReturn && newlineLength(at: position) != nil) {
        return (Array(bytes[start..<position]), false)
      }
      if byte == first, matches(open, at: position) {
        let text = Array(bytes[start..<position])
        position += open.count
        return (text, true)
      }
      position += 1
    }
    return (Array(bytes[start..<position]), false)
  }

  /// The length of the line break at `offset` (`\n` or `\r\n`), nil if there is none.
  private func newlineLength(at offset: Int) -> Int? {
    guard offset < bytes.count else { return nil }
    if bytes[offset] == Self.newline { return 1 }
    if bytes[offset] == Self.carriageReturn, offset + 1 < bytes.count, bytes[offset + 1] == Self.newline { return 2 }
    return nil
  }

  /// Whether the tag just read stands alone on its line; if so the rest of the line is consumed.
  private mutating func isStandalone(_ scope: Scope) -> Bool {
    guard scope.atLineStart else { return false }
    var end = position
    while end < bytes.count, bytes[end] == Self.space || bytes[end] == Self.tab { end += 1 }
    if end == bytes.count {
      position = end
      return true
    }
    guard let newline = newlineLength(at: end) else { return false }
    position = end + newline
    return true
  }

  private func matches(_ needle: [UInt8], at offset: Int) -> Bool {
    guard offset + needle.count <= bytes.count else { return false }
    for index in needle.indices where bytes[offset + index] != needle[index] { return false }
    return true
  }

  private func find(_ needle: [UInt8], from offset: Int) -> Int? {
    var index = offset
    while index + needle.count <= bytes.count {
      if matches(needle, at: index) { return index }
      index += 1
    }
    return nil
  }

  /// The bytes up to `terminator`, consumed with it.
  private mutating func readUntil(_ terminator: [UInt8], _ tagOffset: Int) throws(TemplateSyntaxError) -> String {
    guard let end = find(terminator, from: position) else {
      throw error(at: tagOffset, "tag is not closed with \(String(decoding: terminator, as: UTF8.self))")
    }
    let content = String(decoding: bytes[position..<end], as: UTF8.self)
    position = end + terminator.count
    return content
  }

  /// A tag's content up to the closing delimiter, trimmed.
  private mutating func readTagContent(_ tagOffset: Int) throws(TemplateSyntaxError) -> String {
    let content = try readUntil(close, tagOffset).trimmingSpaces()
    guard !content.isEmpty, !content.contains(where: \.isWhitespace) else {
      throw error(at: tagOffset, "'\(content)' is not a name")
    }
    return content
  }

  private mutating func readName(_ tagOffset: Int) throws(TemplateSyntaxError) -> Name {
    try readNameAndText(tagOffset).name
  }

  /// A name and its text as written (for the matching close tag).
  private mutating func readNameAndText(_ tagOffset: Int) throws(TemplateSyntaxError) -> (name: Name, text: String) {
    try name(try readUntil(close, tagOffset), tagOffset)
  }

  /// Interns a name's dotted parts.
  private mutating func name(_ content: String, _ tagOffset: Int) throws(TemplateSyntaxError) -> (name: Name, text: String) {
    let text = content.trimmingSpaces()
    if text == "." { return (Name(parts: []), text) }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard !text.isEmpty, !text.contains(where: \.isWhitespace), !parts.contains(where: \.isEmpty) else {
      throw error(at: tagOffset, "'\(text)' is not a name")
    }
    return (Name(parts: parts.map { keys.intern(String($0)) }), text)
  }

  /// `{{=<% %>=}}`: new opening and closing delimiters.
  private mutating func readDelimiters(_ tagOffset: Int) throws(TemplateSyntaxError) {
    let content = try readUntil(Array("=".utf8) + close, tagOffset)
    let parts = content.split(whereSeparator: \.isWhitespace)
    guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
      throw error(at: tagOffset, "a set-delimiter tag needs two delimiters, as in {{=<% %>=}}")
    }
    open = Array(parts[0].utf8)
    close = Array(parts[1].utf8)
  }

  private func lineAndColumn(_ offset: Int) -> (line: Int, column: Int) {
    var line = 1, column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
      if byte == Self.newline {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  private func error(at offset: Int, _ message: String) -> TemplateSyntaxError {
    let (line, column) = lineAndColumn(offset)
    return TemplateSyntaxError(line: line, column: column, message: message)
  }
}

extension String {
  /// Without leading and trailing spaces, tabs and line breaks.
  fileprivate func trimmingSpaces() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
  }
}
