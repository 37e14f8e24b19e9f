import FinOpsCore

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
  /// The fragments to copy list items from and to note them in; nil: items are rendered.
  var fragments: TemplateFragments?
  /// While an item of a list is rendered for `fragments`: what it looks up outside itself.
  var tracking: FragmentNeeds?

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
        if indentation.isEmpty { output.append(text) } else { appendIndented(text) }
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
          if let fragments, tracking == nil, let section = fragmentSection(name, children, fragments) {
            renderFragments(items, children, section: section, fragments)
            continue
          }
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

  /// Appends a template's text line by line, each line that starts a line of output indented
  /// (a text node holds the lines between two tags, see `TemplateParser.joiningText`).
  private mutating func appendIndented(_ text: [UInt8]) {
    text.withUnsafeBufferPointer { text in
      var start = 0
      while start < text.count {
        var end = start
        while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
        end = min(end + 1, text.count)
        startLine(false)
        output.append(UnsafeBufferPointer(rebasing: text[start..<end]))
        start = end
      }
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
    var (found, level) = Self.find(first, in: stack, below: stack.count)
    // Found outside the item being rendered for `fragments` (or nowhere): noted.
    if let tracking, level < tracking.floor { tracking.note(first, found) }
    var index = 1
    while index < name.count {
      guard let child = found?.resolved.child(name[index]) else { return nil }
      found = child
      index += 1
    }
    return found
  }

  /// The value of the name `id` in the first object of `stack` below `top` that has it, from
  /// the top down, and that object's level (-1 and nil when none has it).
  @inline(__always)
  static func find(_ id: Int32, in stack: [TemplateValue], below top: Int) -> (value: TemplateValue?, level: Int) {
    stack.withUnsafeBufferPointer { stack in
      var level = min(top, stack.count) - 1
      while level >= 0 {
        if let child = stack[level].child(id) { return (child, level) }
        level -= 1
      }
      return (nil, -1)
    }
  }

  // MARK: Fragments

  /// The fingerprint of a list section whose items can be copied as fragments: one of text,
  /// variables and sections alone (a partial, parent or block reads what the fragment's key does
  /// not cover); nil for any other.
  private func fragmentSection(_ name: Name, _ children: [Node], _ fragments: TemplateFragments) -> ContentHash? {
    guard let address = children.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else {
      return nil
    }
    if let known = fragments.sections[address] { return known }
    var hash = ContentHash()
    hash.update("list section")
    self.fingerprint(name, into: &hash)
    let eligible = fingerprint(children, into: &hash)
    let section: ContentHash? = eligible ? hash : nil
    fragments.sections[address] = .some(section)
    return section
  }

  /// Adds `nodes` to `hash`; false when one is a partial, parent or block.
  private func fingerprint(_ nodes: [Node], into hash: inout ContentHash) -> Bool {
    hash.update(nodes.count)
    for node in nodes {
      switch node {
      case .text(let text):
        hash.update(1)
        hash.update(text)
      case .variable(let name, let escaped):
        hash.update(escaped ? 2 : 3)
        fingerprint(name, into: &hash)
      case .section(let name, let children, let inverted):
        hash.update(inverted ? 4 : 5)
        fingerprint(name, into: &hash)
        guard fingerprint(children, into: &hash) else { return false }
      case .partial, .parent, .block:
        return false
      }
    }
    return true
  }

  /// Adds a name, part by part as written, to `hash`.
  private func fingerprint(_ name: Name, into hash: inout ContentHash) {
    hash.update(name.count)
    for index in 0..<name.count { hash.update(library.keys.name(name[index])) }
  }

  /// Renders the items of a list section, each shared one copied from `fragments`' earlier file
  /// when its key is there and every name it looked up outside itself finds the same now, or
  /// rendered and noted with what it looked up.
  private mutating func renderFragments(
    _ items: [TemplateValue], _ children: [Node], section: ContentHash, _ fragments: TemplateFragments
  ) {
    // The stack below the items is the same for each: what a name finds there is found once.
    let needs = FragmentNeeds(floor: stack.count, marker: fragments.marker)
    var base = fragments.salt
    base.update(section)
    base.update(indentation)
    let newline = UInt8(ascii: "\n")
    for item in items {
      guard case .shared(let shared) = item else {
        stack.append(item.resolved)
        render(children)
        stack.removeLast()
        continue
      }
      var key = base
      key.update(shared.fingerprint)
      // Only an indented line start reads the byte before.
      key.update(indentation.isEmpty ? 2 : output.last == newline ? 1 : 0)
      let start = output.count
      if let earlier = fragments.previous[key].flatMap({ first in
        needs.hold(first.needs, library: library, stack: stack)
          ? first : fragments.others[key]?.first { needs.hold($0.needs, library: library, stack: stack) }
      }) {
        fragments.previousBytes.withUnsafeBufferPointer { bytes in
          output.append(UnsafeBufferPointer(rebasing: bytes[earlier.range]))
        }
        fragments.note(TemplateFragment(key: key, range: start..<output.count, needs: earlier.needs), copied: true)
        continue
      }
      needs.startItem()
      tracking = needs
      stack.append(shared.value)
      render(children)
      stack.removeLast()
      tracking = nil
      let noted = needs.needs.map { TemplateNeed(name: library.keys.name($0.id), found: $0.found) }
      fragments.note(TemplateFragment(key: key, range: start..<output.count, needs: noted), copied: false)
    }
  }
}
