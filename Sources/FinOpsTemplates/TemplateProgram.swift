/// A template's nodes laid out flat for rendering: one array of operations in document order,
/// each holding only integers, over arrays of the text's bytes and the names' interned parts.
///
/// Every rendering thread walks the same templates for every page. Walking `Node`s copied
/// each one it passed, taking and dropping a reference count on its payload (a text's bytes, a
/// section's children), and those counts sat on memory both threads wrote: the render spent
/// more time in them than in writing the page. An operation is copied as plain bytes, and the
/// program's storage is reached through pointers held for its life.
final class TemplateProgram: @unchecked Sendable {
  /// One operation. A section, parent, block or override is followed by its body, and `end`
  /// is the index just past the body.
  struct Op {
    enum Kind: UInt8 {
      /// `bytes[start..<start + count]`.
      case text
      /// The name `parts[start..<start + count]`; `flag`: escaped.
      case variable
      /// A section over the name `parts[start..<start + count]`; `flag`: inverted.
      case section
      /// The partial `strings[string]`, indented by `bytes[start..<start + count]`.
      case partial
      /// The parent `strings[string]`, indented by `bytes[start..<start + count]`; its body
      /// holds only its overrides.
      case parent
      /// An override of the block `strings[string]` inside a parent; its body is the content.
      case override
      /// The block `strings[string]`, indented by `bytes[start..<start + count]`; its body is
      /// the default content.
      case block
    }
    var kind: Kind
    var flag = false
    var string: Int32 = 0
    var start: Int32 = 0
    var count: Int32 = 0
    var end: Int32 = 0
  }

  let ops: UnsafeMutableBufferPointer<Op>
  let bytes: UnsafeMutableBufferPointer<UInt8>
  let parts: UnsafeMutableBufferPointer<Int32>
  /// The names of partials, parents and blocks.
  let strings: [String]

  /// The program of `nodes`, as `TemplateParser` makes them.
  init(_ nodes: [Node]) {
    var compiler = Compiler()
    compiler.emit(nodes)
    ops = Self.copy(compiler.ops)
    bytes = Self.copy(compiler.bytes)
    parts = Self.copy(compiler.parts)
    strings = compiler.strings
  }

  deinit {
    ops.deallocate()
    bytes.deallocate()
    parts.deallocate()
  }

  private static func copy<Element>(_ elements: [Element]) -> UnsafeMutableBufferPointer<Element> {
    let copy = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(elements.count, 1))
    _ = copy.initialize(from: elements)
    return UnsafeMutableBufferPointer(rebasing: copy[..<elements.count])
  }

  /// The bytes `op` holds: its text, or its indentation.
  @inline(__always)
  func bytes(_ op: Op) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[Int(op.start)..<Int(op.start) + Int(op.count)])
  }

  /// The interned parts of the name `op` looks up (none for `.`).
  @inline(__always)
  func name(_ op: Op) -> UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(rebasing: parts[Int(op.start)..<Int(op.start) + Int(op.count)])
  }

  /// The index of the operation after the one at `index` and its body.
  @inline(__always)
  func next(_ index: Int) -> Int {
    switch ops[index].kind {
    case .text, .variable, .partial: index + 1
    case .section, .parent, .override, .block: Int(ops[index].end)
    }
  }

  private struct Compiler {
    var ops: [Op] = []
    var bytes: [UInt8] = []
    var parts: [Int32] = []
    var strings: [String] = []

    mutating func emit(_ nodes: [Node]) {
      for node in nodes {
        switch node {
        case .text(let text):
          ops.append(
            Op(kind: .text, start: Self.offset(bytes.count), count: Self.offset(text.count)))
          bytes += text
        case .variable(let name, let escaped):
          ops.append(named(.variable, name, flag: escaped))
        case .section(let name, let children, let inverted):
          let at = ops.count
          ops.append(named(.section, name, flag: inverted))
          emit(children)
          ops[at].end = Self.offset(ops.count)
        case .partial(let name, let indentation):
          ops.append(indented(.partial, name, indentation))
        case .parent(let name, let blocks, let indentation):
          let at = ops.count
          ops.append(indented(.parent, name, indentation))
          for (block, content) in blocks.sorted(by: { $0.key < $1.key }) {
            let override = ops.count
            ops.append(Op(kind: .override, string: string(block)))
            emit(content)
            ops[override].end = Self.offset(ops.count)
          }
          ops[at].end = Self.offset(ops.count)
        case .block(let name, let defaults, let indentation):
          let at = ops.count
          ops.append(indented(.block, name, indentation))
          emit(defaults)
          ops[at].end = Self.offset(ops.count)
        }
      }
    }

    private mutating func named(_ kind: Op.Kind, _ name: Name, flag: Bool) -> Op {
      let start = parts.count
      for index in 0..<name.count { parts.append(name[index]) }
      return Op(kind: kind, flag: flag, start: Self.offset(start), count: Self.offset(name.count))
    }

    private mutating func indented(_ kind: Op.Kind, _ name: String, _ indentation: [UInt8]) -> Op {
      let op = Op(
        kind: kind, string: string(name), start: Self.offset(bytes.count),
        count: Self.offset(indentation.count))
      bytes += indentation
      return op
    }

    private mutating func string(_ text: String) -> Int32 {
      if let known = strings.firstIndex(of: text) { return Self.offset(known) }
      strings.append(text)
      return Self.offset(strings.count - 1)
    }

    private static func offset(_ value: Int) -> Int32 {
      guard let offset = Int32(exactly: value) else { fatalError("a template of over 2 GB") }
      return offset
    }
  }
}
