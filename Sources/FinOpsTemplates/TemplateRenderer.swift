import FinOpsCore

/// Renders template nodes against a context stack into a byte buffer.
///
/// Values are read where they lie, in arenas (see `TemplateArena`): the stack holds places,
/// pairs of integers, and looking a name up copies nothing that is counted.
struct TemplateRenderer {
  let library: TemplateLibrary
  /// Where the page is written.
  let output: ByteBuffer
  /// The arenas the places on the stack are in: the page's value's, then each shared value's
  /// as it is entered (and left again when the section that entered it ends).
  var arenas: [TemplateArena] = []
  /// Each of `arenas` read through pointers.
  var views: [TemplateArena.View] = []
  /// The context stack: the value a template was rendered with, then each section's value.
  var stack: [Place] = []
  /// Block overrides of the parent tags being rendered, outer parents' first: the first of a
  /// name wins.
  var overrides: [Override] = []
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

  /// A parent's override of a block: the operations `start..<end` of `program`.
  struct Override {
    let name: String
    let program: TemplateProgram
    let start: Int
    let end: Int
  }

  /// A value: the node `node` of `arenas[arena]`.
  struct Place {
    var arena: Int32
    var node: Int32
  }

  /// Renders with the value `value` at the bottom of the stack.
  init(library: TemplateLibrary, output: ByteBuffer, value: TemplateArena) {
    self.library = library
    self.output = output
    stack = [enter(value)]
  }

  /// Appends `template` rendered against the current stack to `output`.
  mutating func render(_ template: Template) {
    render(template.program, 0, template.program.ops.count)
  }

  /// Appends the operations `start..<end` of `program` rendered against the current stack.
  mutating func render(_ program: TemplateProgram, _ start: Int, _ end: Int) {
    let ops = program.ops
    var index = start
    while index < end {
      let op = ops[index]
      switch op.kind {
      case .text:
        index += 1
        if indentation.isEmpty {
          output.append(program.bytes(op))
        } else {
          appendIndented(program.bytes(op))
        }
      case .variable:
        index += 1
        let entered = arenas.count
        defer { leave(entered) }
        guard let found = lookup(program.name(op)) else { continue }
        let place = resolved(found)
        let view = views[Int(place.arena)]
        let node = view.nodes[Int(place.node)]
        switch node.kind {
        case .text:
          let text = view.text(node)
          startLine(text.isEmpty)
          if op.flag { HTML.appendEscaped(text, to: output) } else { output.append(text) }
        case .bool:
          startLine(false)
          output.append(utf8: node.flag ? "true" : "false")
        case .list, .object, .shared:
          continue  // a list or an object has no text of its own
        }
      case .section:
        let (section, body, after) = (index, index + 1, Int(op.end))
        index = after
        let entered = arenas.count
        defer { leave(entered) }
        let place = lookup(program.name(op)).map { resolved($0) }
        let truthy = place.map(isTruthy) ?? false
        if op.flag {
          if !truthy { render(program, body, after) }
          continue
        }
        guard let place, truthy else { continue }
        let node = views[Int(place.arena)].nodes[Int(place.node)]
        switch node.kind {
        case .list:
          if let fragments, tracking == nil,
            let key = fragmentSection(program, section, fragments)
          {
            renderFragments(place, program, body, after, section: key, fragments)
            continue
          }
          for item in 0..<Int(node.count) {
            let entered = arenas.count
            let value = resolved(self.item(item, of: place, node))
            stack.append(value)
            render(program, body, after)
            stack.removeLast()
            leave(entered)
          }
        case .bool:
          render(program, body, after)
        case .text, .object, .shared:
          stack.append(place)
          render(program, body, after)
          stack.removeLast()
        }
      case .partial:
        index += 1
        let name = program.strings[Int(op.string)]
        guard let template = library.template(named: name), enter(name) else { continue }
        indented(program.bytes(op)) { $0.render(template) }
        depth -= 1
      case .parent:
        let (body, after) = (index + 1, Int(op.end))
        index = after
        let name = program.strings[Int(op.string)]
        guard let template = library.template(named: name), enter(name) else { continue }
        let saved = overrides.count
        var block = body
        while block < after {
          let override = ops[block]
          overrides.append(
            Override(
              name: program.strings[Int(override.string)], program: program, start: block + 1,
              end: Int(override.end)))
          block = Int(override.end)
        }
        indented(program.bytes(op)) { $0.render(template) }
        overrides.removeSubrange(saved...)
        depth -= 1
      case .block:
        let (body, after) = (index + 1, Int(op.end))
        index = after
        let name = program.strings[Int(op.string)]
        indented(program.bytes(op)) { renderer in
          if let override = renderer.overrides.first(where: { $0.name == name }) {
            renderer.render(override.program, override.start, override.end)
          } else {
            renderer.render(program, body, after)
          }
        }
      case .override:
        index = Int(op.end)  // read by its parent
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
  private mutating func appendIndented(_ text: UnsafeBufferPointer<UInt8>) {
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

  private mutating func indented(
    _ extra: UnsafeBufferPointer<UInt8>, _ body: (inout TemplateRenderer) -> Void
  ) {
    guard !extra.isEmpty else { return body(&self) }
    let saved = indentation
    indentation.append(contentsOf: extra)
    body(&self)
    indentation = saved
  }

  /// The value a name refers to: its first part is looked up from the top of the stack down,
  /// the rest inside what was found.
  mutating func lookup(_ name: UnsafeBufferPointer<Int32>) -> Place? {
    guard name.count > 0 else { return stack.last }
    let first = name[0]
    var (found, level) = find(first, below: stack.count)
    // Found outside the item being rendered for `fragments` (or nowhere): noted.
    if let tracking, level < tracking.floor, !tracking.noteIfKnown(first) {
      tracking.note(first, found: fingerprint(of: found, marker: tracking.marker))
    }
    var index = 1
    while index < name.count {
      guard let outer = found else { return nil }
      // Resolved first: entering an arena while `child` reads the renderer copied it whole.
      let inner = resolved(outer)
      found = child(name[index], of: inner)
      index += 1
    }
    return found
  }

  /// The value of the name `id` in the first object of the stack below `top` that has it, from
  /// the top down, and that object's level (-1 and nil when none has it).
  @inline(__always)
  func find(_ id: Int32, below top: Int) -> (value: Place?, level: Int) {
    var level = min(top, stack.count) - 1
    while level >= 0 {
      if let child = child(id, of: stack[level]) { return (child, level) }
      level -= 1
    }
    return (nil, -1)
  }

  /// The child named `id` of the object at `place` (nil for any other value). Objects are
  /// small (tens of children): a scan over integers beats hashing.
  @inline(__always)
  func child(_ id: Int32, of place: Place) -> Place? {
    let view = views[Int(place.arena)]
    let node = view.nodes[Int(place.node)]
    guard node.kind == .object else { return nil }
    var link = Int(node.start)
    let end = link + 2 * Int(node.count)
    while link < end {
      if view.links[link] == id { return Place(arena: place.arena, node: view.links[link + 1]) }
      link += 2
    }
    return nil
  }

  /// The item `index` of the list `node` at `place`.
  @inline(__always)
  func item(_ index: Int, of place: Place, _ node: TemplateArena.Node) -> Place {
    Place(arena: place.arena, node: views[Int(place.arena)].links[Int(node.start) + index])
  }

  /// `place`, or the root of the shared value at `place` (its arena entered).
  @inline(__always)
  mutating func resolved(_ place: Place) -> Place {
    let node = views[Int(place.arena)].nodes[Int(place.node)]
    guard node.kind == .shared else { return place }
    return enter(arenas[Int(place.arena)].shared[Int(node.start)].arena)
  }

  /// Whether a section renders for the (resolved) value at `place` (an inverted section renders
  /// when it does not): `false` and an empty list do not; text, even empty, and objects do.
  func isTruthy(_ place: Place) -> Bool {
    let node = views[Int(place.arena)].nodes[Int(place.node)]
    switch node.kind {
    case .bool: return node.flag
    case .list: return node.count > 0
    case .text, .object, .shared: return true
    }
  }

  /// Reads from `arena` too; the place of its value.
  mutating func enter(_ arena: TemplateArena) -> Place {
    arenas.append(arena)
    views.append(arena.view)
    return Place(arena: Int32(arenas.count - 1), node: arena.root)
  }

  /// Lets go of the arenas entered since there were `count`.
  @inline(__always)
  mutating func leave(_ count: Int) {
    guard arenas.count > count else { return }
    arenas.removeSubrange(count...)
    views.removeSubrange(count...)
  }

  /// The fingerprint of a value looked up, or of its absence (see `TemplateNeed`).
  func fingerprint(of place: Place?, marker: String?) -> ContentHash {
    var hash = ContentHash()
    guard let place else {
      hash.update(0)
      return hash
    }
    hash.update(1)
    arenas[Int(place.arena)].fingerprint(place.node, into: &hash, marker: marker)
    return hash
  }

  // MARK: Fragments

  /// The fingerprint of the list section at `index` of `program`, whose items can be copied as
  /// fragments: one of text, variables and sections alone (a partial, parent or block reads
  /// what the fragment's key does not cover); nil for any other.
  private func fragmentSection(
    _ program: TemplateProgram, _ index: Int, _ fragments: TemplateFragments
  ) -> ContentHash? {
    let address = UnsafeRawPointer(program.ops.baseAddress! + index)
    if let known = fragments.sections[address] { return known }
    var hash = ContentHash()
    hash.update("list section")
    fingerprint(program.name(program.ops[index]), into: &hash)
    let eligible = fingerprint(program, index + 1, Int(program.ops[index].end), into: &hash)
    let section: ContentHash? = eligible ? hash : nil
    fragments.sections[address] = .some(section)
    return section
  }

  /// Adds the operations `start..<end` of `program` to `hash`, node by node as the template
  /// nested them; false when one is a partial, parent or block.
  private func fingerprint(
    _ program: TemplateProgram, _ start: Int, _ end: Int, into hash: inout ContentHash
  ) -> Bool {
    var nodes = 0
    var index = start
    while index < end {
      nodes += 1
      index = program.next(index)
    }
    hash.update(nodes)
    index = start
    while index < end {
      let op = program.ops[index]
      switch op.kind {
      case .text:
        hash.update(1)
        hash.update(UnsafeRawBufferPointer(program.bytes(op)))
      case .variable:
        hash.update(op.flag ? 2 : 3)
        fingerprint(program.name(op), into: &hash)
      case .section:
        hash.update(op.flag ? 4 : 5)
        fingerprint(program.name(op), into: &hash)
        guard fingerprint(program, index + 1, Int(op.end), into: &hash) else { return false }
      case .partial, .parent, .override, .block:
        return false
      }
      index = program.next(index)
    }
    return true
  }

  /// Adds a name, part by part as written, to `hash`.
  private func fingerprint(_ name: UnsafeBufferPointer<Int32>, into hash: inout ContentHash) {
    hash.update(name.count)
    for part in name { hash.update(library.keys.name(part)) }
  }

  /// Renders the items of a list section, each shared one copied from `fragments`' earlier file
  /// when its key is there and every name it looked up outside itself finds the same now, or
  /// rendered and noted with what it looked up.
  private mutating func renderFragments(
    _ list: Place, _ program: TemplateProgram, _ body: Int, _ after: Int,
    section: ContentHash, _ fragments: TemplateFragments
  ) {
    // The stack below the items is the same for each: what a name finds there is found once.
    let needs = FragmentNeeds(floor: stack.count, marker: fragments.marker)
    var base = fragments.salt
    base.update(section)
    base.update(indentation)
    let newline = UInt8(ascii: "\n")
    let node = views[Int(list.arena)].nodes[Int(list.node)]
    // What a name finds below the items (the same for each), for the needs of a fragment: the
    // stack and arenas as they are now hold everything below the items.
    let below = self
    let found = { (id: Int32) in
      below.fingerprint(of: below.find(id, below: needs.floor).value, marker: needs.marker)
    }
    for index in 0..<Int(node.count) {
      let entered = arenas.count
      defer { leave(entered) }
      let item = self.item(index, of: list, node)
      let itemNode = views[Int(item.arena)].nodes[Int(item.node)]
      guard itemNode.kind == .shared else {
        stack.append(item)
        render(program, body, after)
        stack.removeLast()
        continue
      }
      let shared = arenas[Int(item.arena)].shared[Int(itemNode.start)]
      var key = base
      key.update(shared.fingerprint)
      // Only an indented line start reads the byte before.
      key.update(indentation.isEmpty ? 2 : output.last == newline ? 1 : 0)
      let start = output.count
      if let earlier = fragments.previous[key].flatMap({ first in
        needs.hold(first.needs, library: library, found: found)
          ? first
          : fragments.others[key]?.first { needs.hold($0.needs, library: library, found: found) }
      }) {
        fragments.previousBytes.withUnsafeBufferPointer { bytes in
          output.append(UnsafeBufferPointer(rebasing: bytes[earlier.range]))
        }
        fragments.note(TemplateFragment(key: key, range: start..<output.count, needs: earlier.needs), copied: true)
        continue
      }
      needs.startItem()
      tracking = needs
      stack.append(enter(shared.arena))
      render(program, body, after)
      stack.removeLast()
      tracking = nil
      let noted = needs.needs.map { TemplateNeed(name: library.keys.name($0.id), found: $0.found) }
      fragments.note(TemplateFragment(key: key, range: start..<output.count, needs: noted), copied: false)
    }
  }
}
