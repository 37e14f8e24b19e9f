import FinOpsCore
import Testing

@testable import FinOpsTemplates

/// Values held flat in an arena read, render and fingerprint as the same values held as trees.
struct TemplateArenaTests {
  static func hash(_ value: TemplateValue, marker: String? = nil) -> ContentHash {
    var hash = ContentHash()
    value.fingerprint(into: &hash, marker: marker)
    return hash
  }

  @Test(
    "random trees written into an arena read back the same, with the same fingerprint",
    arguments: [1, 2, 3])
  func roundTrip(seed: UInt64) {
    var random = SeededRandom(state: seed)
    let shared = SharedTemplateValue(.list([.text("shared"), .bool(true)]))
    func value(depth: Int) -> TemplateValue {
      switch random.next() % (depth > 3 ? 3 : 6) {
      case 0: return .text(["", "a", "<b>", "é", "M1"][Int(random.next() % 5)])
      case 1: return .bool(random.next() % 2 == 0)
      case 2: return .shared(shared)
      case 3: return .list((0..<Int(random.next() % 4)).map { _ in value(depth: depth + 1) })
      case 4:
        // An arena inside a tree is copied into the tree's arena.
        return .arena(TemplateArena.of(.list([value(depth: depth + 1)])))
      default:
        return .object(
          TemplateObject(
            children: (0..<Int(random.next() % 5)).map {
              TemplateChild(Int32($0 * 3), value(depth: depth + 1))
            }))
      }
    }
    for _ in 0..<200 {
      // In a list: a shared value at the root is read as its value (what it renders as).
      let tree = TemplateValue.list([value(depth: 0)])
      let arena = TemplateValue.arena(TemplateArena.of(tree))
      #expect(arena == tree)
      #expect(Self.hash(arena) == Self.hash(tree))
      #expect(Self.hash(arena, marker: "M1") == Self.hash(tree, marker: "M1"))
    }
  }

  @Test(
    "an object that outgrows the room made for its children keeps them, and later objects theirs")
  func outgrownObject() {
    let arena = TemplateArena(nodes: 1)
    var (root, end) = arena.object(capacity: 1)
    arena.addChild(to: root, end: &end, key: 0, node: arena.text("first"))
    var (inner, innerEnd) = arena.object(capacity: 1)
    arena.addChild(to: inner, end: &innerEnd, key: 5, node: arena.bool(true))
    arena.addChild(to: root, end: &end, key: 1, node: inner)
    arena.addChild(to: root, end: &end, key: 2, node: arena.text("third"))
    arena.addChild(to: inner, end: &innerEnd, key: 6, node: arena.text("inner"))
    let list = arena.list(count: 2)
    arena.setItem(0, of: list, to: arena.text("x"))
    arena.setItem(1, of: list, to: root)
    let expected = TemplateValue.object(
      TemplateObject(children: [
        TemplateChild(0, .text("first")),
        TemplateChild(
          1,
          .object(
            TemplateObject(children: [
              TemplateChild(5, .bool(true)), TemplateChild(6, .text("inner")),
            ]))),
        TemplateChild(2, .text("third")),
      ]))
    #expect(arena.tree(root) == expected)
    #expect(arena.tree(list) == .list([.text("x"), expected]))
  }

  @Test("a variant with one child's text replaced renders and fingerprints as that value")
  func variant() throws {
    var library = TemplateLibrary()
    try library.register("{{#rows}}<a href=\"{{href}}\">{{title}}</a>{{/rows}}", named: "list")
    let (href, title, rows) = try #require(
      library.keys.id("href").flatMap { href in
        library.keys.id("title").flatMap { title in
          library.keys.id("rows").map { (href, title, $0) }
        }
      })
    func row(_ link: String) -> TemplateValue {
      .object(
        TemplateObject(children: [
          TemplateChild(href, .text(link)), TemplateChild(title, .text("A & B")),
        ]))
    }
    var base = TemplateArena.of(row("a.html"))
    base.addVariant(replacing: rows, with: "x")
    #expect(base.variant == nil, "no child of that name")
    // No room left: writing the variant grows every region.
    base.shrink()
    base.addVariant(replacing: href, with: "../a.html")
    base.shrink()
    var moved = try #require(base.variant)
    // The view keeps its owner's memory: nothing else holds the owner now.
    base = TemplateArena.of(row("a.html"))
    moved = TemplateArena(viewing: moved, root: moved.root)
    #expect(TemplateValue.arena(moved) == row("../a.html"))
    #expect(Self.hash(.arena(moved)) == Self.hash(row("../a.html")))
    #expect(TemplateValue.arena(base) == row("a.html"), "the original is left as it was")
    #expect(Self.hash(.arena(base)) == Self.hash(row("a.html")))
    moved.shrink()
    var page = [UInt8]()
    let value = TemplateValue.object(
      TemplateObject(children: [
        TemplateChild(rows, .list([.arena(base), .shared(SharedTemplateValue(.arena(moved)))]))
      ]))
    #expect(try library.render("list", value, into: &page))
    #expect(
      String(decoding: page, as: UTF8.self)
        == "<a href=\"a.html\">A &amp; B</a><a href=\"../a.html\">A &amp; B</a>")
    // A copy of the variant into another arena is the variant.
    let copied = TemplateArena(nodes: 4)
    _ = copied.write(.arena(moved))
    #expect(TemplateValue.arena(copied) == row("../a.html"))
  }

  @Test("a shared value keeps no more memory than its arena uses")
  func sharedShrinks() {
    let roomy = TemplateArena(nodes: 1_000)
    _ = roomy.list(count: 0)
    let shared = SharedTemplateValue(fingerprint: nil) { .arena(roomy) }
    let arena = shared.arena
    #expect(arena.nodes.capacity == 4 && arena.links.capacity == 4 && arena.bytes.capacity == 4)
    #expect(shared.value == .list([]))
    let given = SharedTemplateValue(.list((0..<40).map { .text("item \($0)") })).arena
    #expect(given.nodes.capacity == given.nodes.count && given.bytes.capacity == given.bytes.count)
  }
}
