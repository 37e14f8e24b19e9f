/// Renders template nodes against a context stack into a byte buffer.
struct TemplateRenderer {
  let library: TemplateLibrary
  /// Where the page is written.
  let output: ByteBuffer
  /// The context stack: the value a template was rendered with, then each section's value.
  var stack: [TemplateValue]
  /// Block overrides of the parent tags being rendered; the outermost wins.
  var overrides: [String: [Node]] = [:]
  /// Prepended to every line that starts inside an indented partial, parent or block.
  var indentation: [UInt8] = []
  /// How many partials and parents are being rendered inside each other.
  var depth = 0
  /// The partial that nested too deeply (a template that includes itself without end).
  var runaway: String?
  /// More nested partials than any sane layout has.
  static let maximumDepth = 64

  init(library: TemplateLibrary, output: ByteBuffer, stack: [TemplateValue]) {
    self.library = library
    self.output = output
    self.stack = stack
  }

  /// Appends `nodes` rendered against the current stack to `output`.
  mutating func render(_ nodes: [Node]) {
    for node in nodes {
      switch node {
      case .text(let text):
        startLine(text.isEmpty)
        output.append(text)
      case .variable(let name, let escaped):
        guard let value = lookup(name)?.resolved else { continue }
        switch value {
        case .text(let text):
          startLine(text.isEmpty)
          if escaped { HTML.appendEscaped(text, to: output) } else { output.append(utf8: text) }
        case .bool(let flag):
          startLine(false)
          output.append(utf8: flag ? "true" : "false")
        case .list, .object, .shared:
          continue  // a list or an object has no text of its own
        }
      case .section(let name, let children, let inverted):
        let value = lookup(name)?.resolved
        if inverted {
          if !(value?.isTruthy ?? false) { render(children) }
          continue
        }
        guard let value, value.isTruthy else { continue }
        switch value {
        case .list(let items):
          for item in items {
            stack.append(item.resolved)
            render(children)
            stack.removeLast()
          }
        case .bool:
          render(children)
        case .text, .object, .shared:
          stack.append(value)
          render(children)
          stack.removeLast()
        }
      case .partial(let name, let extra):
        guard let template = library.template(named: name), enter(name) else { continue }
        indented(extra) { $0.render(template.nodes) }
        depth -= 1
      case .parent(let name, let blocks, let extra):
        guard let template = library.template(named: name), enter(name) else { continue }
        let saved = overrides
        overrides.merge(blocks) { outer, _ in outer }
        indented(extra) { $0.render(template.nodes) }
        overrides = saved
        depth -= 1
      case .block(let name, let defaults, let extra):
        indented(extra) { $0.render($0.overrides[name] ?? defaults) }
      }
    }
  }

  /// Counts one more nested partial; false (and the partial noted) past the limit.
  private mutating func enter(_ name: String) -> Bool {
    guard runaway == nil, depth < Self.maximumDepth else {
      runaway = runaway ?? name
      return false
    }
    depth += 1
    return true
  }

  /// Writes the indentation before output that starts a line inside an indented partial.
  private mutating func startLine(_ empty: Bool) {
    if !indentation.isEmpty, !empty, output.last == UInt8(ascii: "\n") {
      output.append(indentation)
    }
  }

  private mutating func indented(_ extra: [UInt8], _ body: (inout TemplateRenderer) -> Void) {
    guard !extra.isEmpty else { return body(&self) }
    let saved = indentation
    indentation += extra
    body(&self)
    indentation = saved
  }

  /// The value a name refers to: its first part is looked up from the top of the stack down,
  /// the rest inside what was found.
  func lookup(_ name: Name) -> TemplateValue? {
    guard name.count > 0 else { return stack.last }
    let first = name[0]
    var found: TemplateValue?
    var level = stack.count - 1
    while level >= 0 {
      if case .object(let object) = stack[level], let child = object.value(first) {
        found = child
        break
      }
      level -= 1
    }
    var index = 1
    while index < name.count {
      guard case .object(let object)? = found?.resolved else { return nil }
      found = object.value(name[index])
      index += 1
    }
    return found
  }
}
