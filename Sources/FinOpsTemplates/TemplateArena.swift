import FinOpsCore

/// A template value laid out flat: nodes of plain integers over one array of links (an
/// object's children, a list's items) and one array of the texts' bytes, held in memory
/// allocated for the arena's life.
///
/// A page's view model is written straight into one (`TemplateObjectBuilder`) and the renderer
/// walks it by index. A tree of `TemplateValue`s took an allocation per object and list and a
/// reference count per text, copied each value it looked a name up in, and destroyed the whole
/// tree once the page was written: a third of a build's reference counts. Reading a node here
/// copies twelve bytes.
///
/// Immutable once made, and shared by the threads that render with it. Offsets are 32-bit: one
/// value's texts stay under 2 GB (a page's are tens of kilobytes).
public final class TemplateArena: @unchecked Sendable {
  /// One value.
  @usableFromInline
  struct Node: BitwiseCopyable {
    @usableFromInline
    enum Kind: UInt8, BitwiseCopyable {
      /// The text `bytes[start..<start + count]`.
      case text
      /// `flag`.
      case bool
      /// The items `links[start..<start + count]`, each a node.
      case list
      /// `count` children from `links[start]`, each two links: the interned id of its name,
      /// then its node.
      case object
      /// The value `shared[start]`, in its own arena.
      case shared
    }
    var kind: Kind
    var flag = false
    var start: Int32 = 0
    var count: Int32 = 0
  }

  /// The nodes; the value is the first (`root`).
  @exclusivity(unchecked) @usableFromInline var nodes: Region<Node>
  /// Objects' children and lists' items.
  @exclusivity(unchecked) @usableFromInline var links: Region<Int32>
  /// The texts' UTF-8.
  @exclusivity(unchecked) @usableFromInline var bytes: Region<UInt8>
  /// The values shared with other arenas (a row that many pages list), by `Node.start`.
  @exclusivity(unchecked) @usableFromInline var shared: [SharedTemplateValue] = []
  /// The node that is the value: the first written, or another node of the arena this one
  /// views (`init(viewing:root:)`).
  let root: Int32
  /// The arena whose memory this one reads instead of its own (kept alive by it); nil when
  /// the memory is this arena's.
  private let viewed: TemplateArena?
  /// The root of a second value written into this arena (`addVariant`), which a view of it
  /// reads (`variant`).
  private(set) var variantRoot: Int32?
  /// Whether the arena was shrunk for keeping: views of it may be made (debug builds check
  /// that no view is made of an arena whose memory may still move, and none is written).
  private var sealed = false

  /// An empty arena with room for about `nodes` nodes (and links and bytes in proportion), to
  /// be written with the methods below (by one thread, before it is read).
  @usableFromInline
  convenience init(nodes: Int) { self.init(nodes: nodes, links: 2 * nodes, bytes: 16 * nodes) }

  /// An empty arena with room for `nodes` nodes, `links` links and `bytes` bytes.
  init(nodes: Int, links: Int, bytes: Int) {
    self.nodes = Region(capacity: nodes)
    self.links = Region(capacity: links)
    self.bytes = Region(capacity: bytes)
    root = 0
    viewed = nil
  }

  /// The value at the node `root` of `arena`, read where it lies in `arena`'s memory (which
  /// must be written in full: it is never written again, and never moves).
  init(viewing arena: TemplateArena, root: Int32) {
    let owner = arena.viewed ?? arena
    assert(owner.sealed, "a view of an arena still being written (its memory may yet move)")
    (nodes, links, bytes, shared) = (owner.nodes, owner.links, owner.bytes, owner.shared)
    self.root = root
    viewed = owner
  }

  /// The value of `addVariant`, viewed in this arena's memory; nil when none was added.
  var variant: TemplateArena? { variantRoot.map { TemplateArena(viewing: self, root: $0) } }

  /// Writes a second value into this arena: its root object with every child named `key`
  /// reading `text` instead, sharing every other node with it (a row's link from one folder
  /// down: a copy of the row took ten times the memory). Nothing is written when the root is
  /// not an object or has no child of that name. Only while the arena is being written.
  func addVariant(replacing key: Int32, with text: String) {
    let node = nodes[Int(root)]
    let (start, count) = (Int(node.start), Int(node.count))
    guard node.kind == .object, (0..<count).contains(where: { links[start + 2 * $0] == key })
    else { return }
    let replacement = self.text(text)
    let (object, _) = self.object(capacity: count)
    let copy = Int(nodes[Int(object)].start)
    for child in 0..<count {
      let name = links[start + 2 * child]
      links[copy + 2 * child] = name
      links[copy + 2 * child + 1] = name == key ? replacement : links[start + 2 * child + 1]
    }
    nodes[Int(object)].count = Int32(count)
    variantRoot = object
  }

  /// Gives back the room made ahead and not used: for an arena kept for the whole build (a
  /// shared row), which would otherwise hold up to twice its size. A view has none.
  func shrink() {
    guard viewed == nil else { return }
    sealed = true
    nodes.shrink()
    links.shrink()
    bytes.shrink()
  }

  /// `value` written into a new arena; or the arena it is or holds (see `holding`).
  static func of(_ value: TemplateValue) -> TemplateArena {
    if let arena = holding(value) { return arena }
    let arena = TemplateArena(nodes: 16)
    _ = arena.write(value)
    return arena
  }

  /// The arena that `value` is, or has its value in; nil when it must be written into one.
  static func holding(_ value: TemplateValue) -> TemplateArena? {
    switch value {
    case .arena(let arena): arena
    case .shared(let shared): shared.arena
    case .text, .bool, .list, .object: nil
    }
  }

  deinit {
    guard viewed == nil else { return }
    nodes.deallocate()
    links.deallocate()
    bytes.deallocate()
  }

  /// The bytes of the text node `node`.
  @inline(__always)
  func text(_ node: Node) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: bytes.start + Int(node.start), count: Int(node.count))
  }

  /// Where the arena's nodes, links and bytes are: read through it, a node costs no reference
  /// count on the arena. Valid while the arena is held and no longer written.
  var view: View { View(nodes: nodes.start, links: links.start, bytes: bytes.start) }

  /// Pointers to an arena's memory (see `view`).
  struct View {
    let nodes: UnsafeMutablePointer<Node>
    let links: UnsafeMutablePointer<Int32>
    let bytes: UnsafeMutablePointer<UInt8>

    /// The bytes of the text node `node`.
    @inline(__always)
    func text(_ node: Node) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: bytes + Int(node.start), count: Int(node.count))
    }
  }

  /// The value at `node` as a tree (for comparing values; never while rendering).
  func tree(_ node: Int32) -> TemplateValue {
    let node = nodes[Int(node)]
    let start = Int(node.start)
    switch node.kind {
    case .text: return .text(String(decoding: text(node), as: UTF8.self))
    case .bool: return .bool(node.flag)
    case .list: return .list((0..<Int(node.count)).map { tree(links[start + $0]) })
    case .object:
      return .object(
        TemplateObject(
          children: (0..<Int(node.count)).map {
            TemplateChild(links[start + 2 * $0], tree(links[start + 2 * $0 + 1]))
          }))
    case .shared: return shared[start].value
    }
  }

  /// Adds the value at `node` to `hash`, exactly as `TemplateValue.fingerprint(into:marker:)`
  /// adds the same value held as a tree; a text equal to `marker` is a placeholder.
  func fingerprint(_ node: Int32, into hash: inout ContentHash, marker: String? = nil) {
    guard var marker else { return fingerprint(node, into: &hash, markerBytes: nil) }
    marker.withUTF8 { fingerprint(node, into: &hash, markerBytes: $0) }
  }

  /// `fingerprint(_:into:marker:)`, the marker as its bytes.
  private func fingerprint(
    _ node: Int32, into hash: inout ContentHash, markerBytes marker: UnsafeBufferPointer<UInt8>?
  ) {
    let node = nodes[Int(node)]
    let start = Int(node.start)
    switch node.kind {
    case .text:
      let text = text(node)
      if let marker, text.elementsEqual(marker) {
        hash.update(0)
      } else {
        hash.update(1)
        hash.update(UnsafeRawBufferPointer(text))
      }
    case .bool: hash.update(node.flag ? 2 : 3)
    case .list:
      hash.update(4)
      hash.update(Int(node.count))
      for index in 0..<Int(node.count) {
        fingerprint(links[start + index], into: &hash, markerBytes: marker)
      }
    case .object:
      hash.update(5)
      hash.update(Int(node.count))
      for index in 0..<Int(node.count) {
        hash.update(Int(links[start + 2 * index]))
        fingerprint(links[start + 2 * index + 1], into: &hash, markerBytes: marker)
      }
    case .shared:
      hash.update(6)
      hash.update(shared[start].fingerprint)
    }
  }

  // MARK: Writing

  /// A text node; its node.
  @usableFromInline
  func text(_ text: String) -> Int32 {
    text.utf8.withContiguousStorageIfAvailable { self.text($0) } ?? self.text(Array(text.utf8))
  }

  /// A text node of `text`'s bytes; its node.
  func text(_ text: UnsafeBufferPointer<UInt8>) -> Int32 {
    let start = Int32(bytes.count)
    bytes.append(text)
    return add(Node(kind: .text, start: start, count: Int32(text.count)))
  }

  /// A text node of `text`'s bytes; its node.
  func text(_ text: [UInt8]) -> Int32 { text.withUnsafeBufferPointer { self.text($0) } }

  /// A flag; its node.
  @usableFromInline
  func bool(_ flag: Bool) -> Int32 { add(Node(kind: .bool, flag: flag)) }

  /// A shared value; its node.
  @usableFromInline
  func shared(_ value: SharedTemplateValue) -> Int32 {
    shared.append(value)
    return add(Node(kind: .shared, start: Int32(shared.count - 1)))
  }

  /// A list of `count` items, with room for them at `links[start..<start + count]` (filled
  /// with `setItem`); its node.
  @usableFromInline
  func list(count: Int) -> Int32 {
    let start = Int32(links.count)
    links.appendZeros(count)
    return add(Node(kind: .list, start: start, count: Int32(count)))
  }

  /// Makes `item` the list `list`'s item at `index`.
  @usableFromInline
  func setItem(_ index: Int, of list: Int32, to item: Int32) {
    links[Int(nodes[Int(list)].start) + index] = item
  }

  /// An object without children, with room for `capacity` of them; its node and the end of
  /// the room in `links` (for `addChild`).
  @usableFromInline
  func object(capacity: Int) -> (node: Int32, end: Int) {
    let start = links.count
    links.appendZeros(2 * capacity)
    return (add(Node(kind: .object, start: Int32(start))), links.count)
  }

  /// Adds the child `node` named `key` to `object`, whose room ends at `end`. An object with
  /// no room left moves its children to the end of `links`, with room for as many again: the
  /// room was only an estimate.
  @usableFromInline
  func addChild(to object: Int32, end: inout Int, key: Int32, node: Int32) {
    let parent = nodes[Int(object)]
    var place = Int(parent.start) + 2 * Int(parent.count)
    if place + 2 > end {
      let moved = links.count
      let used = place - Int(parent.start)
      links.appendZeros(max(2 * used, 2))
      (links.start + moved).update(from: links.start + Int(parent.start), count: used)
      nodes[Int(object)].start = Int32(moved)
      end = links.count
      place = moved + used
    }
    links[place] = key
    links[place + 1] = node
    nodes[Int(object)].count += 1
  }

  /// `value`, and everything inside it; its node.
  func write(_ value: TemplateValue) -> Int32 {
    switch value {
    case .text(let text): return self.text(text)
    case .bool(let flag): return bool(flag)
    case .list(let items):
      let list = list(count: items.count)
      for (index, item) in items.enumerated() { setItem(index, of: list, to: write(item)) }
      return list
    case .object(let object):
      var (node, end) = self.object(capacity: object.children.count)
      for child in object.children {
        addChild(to: node, end: &end, key: child.key, node: write(child.value))
      }
      return node
    case .shared(let value): return shared(value)
    case .arena(let arena): return copy(arena.root, of: arena)
    }
  }

  /// The node `node` of `arena`, and everything inside it; its node here.
  func copy(_ node: Int32, of arena: TemplateArena) -> Int32 {
    let source = arena.nodes[Int(node)]
    let start = Int(source.start)
    switch source.kind {
    case .text: return text(arena.text(source))
    case .bool: return bool(source.flag)
    case .list:
      let list = list(count: Int(source.count))
      for index in 0..<Int(source.count) {
        setItem(index, of: list, to: copy(arena.links[start + index], of: arena))
      }
      return list
    case .object:
      var (object, end) = self.object(capacity: Int(source.count))
      for index in 0..<Int(source.count) {
        let child = copy(arena.links[start + 2 * index + 1], of: arena)
        addChild(to: object, end: &end, key: arena.links[start + 2 * index], node: child)
      }
      return object
    case .shared: return shared(arena.shared[start])
    }
  }

  private func add(_ node: Node) -> Int32 {
    assert(viewed == nil, "a view is never written: its memory is another arena's")
    nodes.append(node)
    return Int32(nodes.count - 1)
  }

  /// A growable array of plain values in memory the arena frees: its elements stay where they
  /// are once the arena is written, so the renderer reads them through pointers.
  @usableFromInline
  struct Region<Element: BitwiseCopyable> {
    @usableFromInline var start: UnsafeMutablePointer<Element>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 4)
      start = .allocate(capacity: self.capacity)
    }

    func deallocate() { start.deallocate() }

    subscript(index: Int) -> Element {
      @inline(__always) get { start[index] }
      @inline(__always) nonmutating set { start[index] = newValue }
    }

    mutating func append(_ element: Element) {
      if count == capacity { grow(to: count + 1) }
      (start + count).initialize(to: element)
      count += 1
    }

    mutating func append(_ elements: UnsafeBufferPointer<Element>) {
      if capacity - count < elements.count { grow(to: count + elements.count) }
      if let base = elements.baseAddress {
        (start + count).initialize(from: base, count: elements.count)
      }
      count += elements.count
    }

    /// Appends `more` elements of all zero bits.
    mutating func appendZeros(_ more: Int) {
      if capacity - count < more { grow(to: count + more) }
      UnsafeMutableRawPointer(start + count).initializeMemory(
        as: UInt8.self, repeating: 0, count: more * MemoryLayout<Element>.stride)
      count += more
    }

    /// Moves the elements into memory of their exact size.
    mutating func shrink() {
      guard capacity > Swift.max(count, 4) else { return }
      capacity = Swift.max(count, 4)
      start = start.moved(count: count, toCapacity: capacity)
    }

    private mutating func grow(to minimum: Int) {
      var newCapacity = capacity * 2
      while newCapacity < minimum { newCapacity *= 2 }
      start = start.moved(count: count, toCapacity: newCapacity)
      capacity = newCapacity
    }
  }
}
