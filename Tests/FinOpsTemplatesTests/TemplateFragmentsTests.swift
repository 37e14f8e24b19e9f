import FinOpsCore
import Testing

@testable import FinOpsTemplates

/// Renders with fragments copied from an earlier render, checked against a render without.
struct TemplateFragmentsTests {
  /// A library of `templates` (the first named `main`).
  static func library(_ templates: [String: String]) throws -> TemplateLibrary {
    var library = TemplateLibrary()
    for (name, source) in templates.sorted(by: { $0.key < $1.key }) { try library.register(source, named: name) }
    return library
  }

  /// An object of `pairs`, each name one the library's templates use.
  static func object(_ pairs: [(String, TemplateValue)], _ library: TemplateLibrary) -> TemplateValue {
    .object(TemplateObject(children: pairs.compactMap { name, value in library.keys.id(name).map { TemplateChild($0, value) } }))
  }

  /// A row shared as pages share them (fingerprinted by its text).
  static func row(_ pairs: [(String, TemplateValue)], _ library: TemplateLibrary) -> TemplateValue {
    .shared(SharedTemplateValue(object(pairs, library)))
  }

  /// The render of `value` without fragments, and with the fragments of `earlier` (its bytes and
  /// fragments), which must be the same; returns the latter's bytes and fragments.
  static func render(
    _ library: TemplateLibrary, _ value: TemplateValue, after earlier: (bytes: [UInt8], fragments: [TemplateFragment])?,
    salt: String = "page", sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> (bytes: [UInt8], fragments: [TemplateFragment], copied: Int) {
    var plain: [UInt8] = []
    _ = try library.render("main", value, into: &plain)
    let fragments = TemplateFragments(
      salt: ContentHash(salt), previousBytes: earlier?.bytes ?? [], previous: earlier?.fragments ?? [])
    var copied: [UInt8] = []
    _ = try library.render("main", value, into: &copied, fragments: fragments)
    #expect(String(decoding: copied, as: UTF8.self) == String(decoding: plain, as: UTF8.self), sourceLocation: sourceLocation)
    for fragment in fragments.made {
      #expect(fragment.range.upperBound <= copied.count, sourceLocation: sourceLocation)
    }
    return (copied, fragments.made, fragments.copied)
  }

  @Test("an unchanged row is copied; a changed row, and one whose name found outside it changed, is rendered again")
  func rowsAndNeeds() throws {
    let library = try Self.library(["main": "<h1>{{title}}</h1>\n<ul>\n{{#rows}}<li>{{name}}: {{note}}{{#flag}}!{{/flag}}</li>\n{{/rows}}</ul>\n"])
    func page(note: String, rows: [TemplateValue]) -> TemplateValue {
      Self.object([("title", .text("T")), ("note", .text(note)), ("rows", .list(rows))], library)
    }
    let own = Self.row([("name", .text("a")), ("note", .text("own")), ("flag", .bool(false))], library)
    let borrowing = Self.row([("name", .text("b")), ("flag", .bool(true))], library)
    let other = Self.row([("name", .text("c & d")), ("note", .text("<i>")), ("flag", .bool(true))], library)
    let first = try Self.render(library, page(note: "outer", rows: [own, borrowing, other]), after: nil)
    #expect(first.fragments.count == 3 && first.copied == 0)
    #expect(first.fragments[0].needs.isEmpty, "a row with every name it shows needs nothing outside")
    #expect(first.fragments[1].needs.map(\.name) == ["note"], "a row without `note` finds the page's")

    let same = try Self.render(library, page(note: "outer", rows: [own, borrowing, other]), after: (first.bytes, first.fragments))
    #expect(same.copied == 3)
    let outerChanged = try Self.render(library, page(note: "changed", rows: [other, own, borrowing]), after: (same.bytes, same.fragments))
    #expect(outerChanged.copied == 2, "the row that showed the page's note is rendered again, in any order")
    #expect(String(decoding: outerChanged.bytes, as: UTF8.self).contains("<li>b: changed!</li>"))
    let edited = Self.row([("name", .text("a")), ("note", .text("edited")), ("flag", .bool(false))], library)
    let rowChanged = try Self.render(library, page(note: "changed", rows: [edited, borrowing, other]), after: (outerChanged.bytes, outerChanged.fragments))
    #expect(rowChanged.copied == 2)
    let gained = Self.row([("name", .text("b")), ("note", .text("mine")), ("flag", .bool(true))], library)
    let rowGained = try Self.render(library, page(note: "changed", rows: [gained]), after: (rowChanged.bytes, rowChanged.fragments))
    #expect(rowGained.copied == 0)
  }

  @Test("a page salted otherwise, or a section written otherwise, copies nothing")
  func saltAndSection() throws {
    let library = try Self.library(["main": "{{#rows}}[{{name}}]{{/rows}}{{#rows}}({{name}}){{/rows}}"])
    let rows = TemplateValue.list((0..<3).map { Self.row([("name", .text("r\($0)"))], library) })
    let page = Self.object([("rows", rows)], library)
    let first = try Self.render(library, page, after: nil)
    #expect(first.fragments.count == 6)
    #expect(try Self.render(library, page, after: (first.bytes, first.fragments)).copied == 6)
    #expect(try Self.render(library, page, after: (first.bytes, first.fragments), salt: "another").copied == 0)
  }

  @Test("rows inside an indented partial are copied with their indentation; a section with a partial or block inside is rendered")
  func indentationAndIneligible() throws {
    let library = try Self.library([
      "main": "<div>\n  {{>list}}\n</div>\n    {{>list}}\n{{#rows}}{{>item}}{{/rows}}\n",
      "list": "{{#rows}}\n<p>\n{{name}}\n</p>\n{{/rows}}\n",
      "item": "<b>{{name}}</b>",
    ])
    let rows = TemplateValue.list((0..<4).map { Self.row([("name", .text("line \($0)"))], library) })
    let page = Self.object([("rows", rows)], library)
    let first = try Self.render(library, page, after: nil)
    #expect(first.fragments.count == 8, "the section with a partial inside makes no fragments")
    #expect(Set(first.fragments.map(\.key)).count == 8, "one section at two indentations: two keys per row")
    let again = try Self.render(library, page, after: (first.bytes, first.fragments))
    #expect(again.copied == 8)
  }

  @Test("lists of rows inside a row are rendered as part of it; plain items are rendered each time")
  func nestedAndPlain() throws {
    let library = try Self.library(["main": "{{#groups}}<h2>{{name}}</h2>{{#rows}}<i>{{name}}{{suffix}}</i>{{/rows}}{{/groups}}"])
    func page(suffix: String) -> TemplateValue {
      let inner = TemplateValue.list([Self.row([("name", .text("x"))], library), Self.row([("name", .text("y"))], library)])
      let groups = TemplateValue.list([
        Self.row([("name", .text("g1")), ("rows", inner)], library),
        Self.object([("name", .text("g2")), ("rows", inner)], library),
      ])
      return Self.object([("groups", groups), ("suffix", .text(suffix))], library)
    }
    let first = try Self.render(library, page(suffix: "?"), after: nil)
    // g1 is one fragment (its rows rendered inside it); g2 is plain, its rows are fragments.
    #expect(first.fragments.count == 3)
    let again = try Self.render(library, page(suffix: "?"), after: (first.bytes, first.fragments))
    #expect(again.copied == 3)
    let changed = try Self.render(library, page(suffix: "!"), after: (again.bytes, again.fragments))
    #expect(changed.copied == 0, "every row showed the page's suffix")
  }

  @Test("one section in two places of a page, finding other values there: each place's rows are copied")
  func oneSectionTwoPlaces() throws {
    let library = try Self.library([
      "main": "{{#a}}{{>list}}{{/a}}|{{#b}}{{>list}}{{/b}}",
      "list": "{{#rows}}<{{name}}{{suffix}}>{{/rows}}",
    ])
    let rows = TemplateValue.list((0..<3).map { Self.row([("name", .text("r\($0)"))], library) })
    let page = Self.object(
      [("rows", rows), ("a", Self.object([("suffix", .text("1"))], library)), ("b", Self.object([("suffix", .text("2"))], library))],
      library)
    let first = try Self.render(library, page, after: nil)
    #expect(String(decoding: first.bytes, as: UTF8.self) == "<r01><r11><r21>|<r02><r12><r22>")
    #expect(try Self.render(library, page, after: (first.bytes, first.fragments)).copied == 6)
  }

  @Test("a name outside the rows that finds the build time's marker finds the same value whatever the marker")
  func marker() throws {
    let library = try Self.library(["main": "{{#rows}}<a href=\"{{page.root}}{{name}}\">{{#stamp}}{{page.time}}{{/stamp}}</a>{{/rows}}"])
    func page(_ marker: String) -> TemplateValue {
      let rows = TemplateValue.list([
        Self.row([("name", .text("plain")), ("stamp", .bool(false))], library),
        Self.row([("name", .text("stamped")), ("stamp", .bool(true))], library),
      ])
      return Self.object([("rows", rows), ("page", Self.object([("root", .text("../")), ("time", .text(marker))], library))], library)
    }
    // As a page is written: rendered with a marker, which is then replaced by the time, and the
    // fragments that held it dropped.
    func written(_ marker: String, _ time: String, after earlier: (bytes: [UInt8], fragments: [TemplateFragment])?) throws
      -> (bytes: [UInt8], fragments: [TemplateFragment], copied: Int)
    {
      let fragments = TemplateFragments(
        salt: ContentHash("page"), marker: marker, previousBytes: earlier?.bytes ?? [], previous: earlier?.fragments ?? [])
      var bytes: [UInt8] = []
      _ = try library.render("main", page(marker), into: &bytes, fragments: fragments)
      let text = String(decoding: bytes, as: UTF8.self)
      let places = text.ranges(of: marker).map {
        text.utf8.distance(from: text.startIndex, to: $0.lowerBound)..<text.utf8.distance(from: text.startIndex, to: $0.upperBound)
      }
      let final = Array(text.replacing(marker, with: time).utf8)
      return (final, TemplateFragments.moved(fragments.made, over: places, to: time.utf8.count), fragments.copied)
    }
    let first = try written("\u{1}m1\u{1}", "10:00", after: nil)
    #expect(first.fragments.count == 1, "the row that shows the time is not kept")
    let second = try written("\u{1}m2\u{1}", "11:00", after: (first.bytes, first.fragments))
    #expect(second.copied == 1)
    #expect(String(decoding: second.bytes, as: UTF8.self) == "<a href=\"../plain\"></a><a href=\"../stamped\">11:00</a>")
  }

  @Test("fragments that do not lie within the earlier file, in order, are not trusted")
  func damaged() throws {
    let library = try Self.library(["main": "{{#rows}}<{{name}}>{{/rows}}"])
    let page = Self.object([("rows", .list([Self.row([("name", .text("a"))], library), Self.row([("name", .text("b"))], library)]))], library)
    let first = try Self.render(library, page, after: nil)
    var outside = first.fragments
    outside[1].range = 4..<40
    #expect(try Self.render(library, page, after: (first.bytes, outside)).copied == 0)
    let backwards = [first.fragments[1], first.fragments[0]]
    #expect(try Self.render(library, page, after: (first.bytes, backwards)).copied == 0)
  }

  @Test("random pages and edits: a render with the last one's fragments is the render without", arguments: [1, 2, 3])
  func randomEdits(seed: UInt64) throws {
    let library = try Self.library([
      "main": "{{#page}}{{title}}{{/page}}\n{{#rows}}\n  <tr>{{name}}|{{note}}|{{#tags}}<t>{{.}}{{label}}</t>{{/tags}}{{^tags}}none{{/tags}}|{{page.title}}</tr>\n{{/rows}}\n{{#others}}{{name}};{{/others}}",
    ])
    var random = SeededRandom(state: seed)
    func text() -> TemplateValue { .text(["a", "b", "<c>", "d&e", ""][Int(random.next() % 5)]) }
    func row() -> TemplateValue {
      var pairs: [(String, TemplateValue)] = [("name", text())]
      if random.next() % 2 == 0 { pairs.append(("note", text())) }
      if random.next() % 3 == 0 { pairs.append(("tags", .list((0..<Int(random.next() % 3)).map { _ in text() }))) }
      if random.next() % 4 == 0 { pairs.append(("label", text())) }
      return Self.row(pairs, library)
    }
    func page(_ rows: [TemplateValue]) -> TemplateValue {
      var pairs: [(String, TemplateValue)] = [("rows", .list(rows)), ("others", .list(Array(rows.prefix(3))))]
      if random.next() % 2 == 0 { pairs.append(("note", text())) }
      if random.next() % 2 == 0 { pairs.append(("label", text())) }
      if random.next() % 2 == 0 { pairs.append(("page", Self.object([("title", text())], library))) }
      return Self.object(pairs, library)
    }
    var rows = (0..<30).map { _ in row() }
    var earlier: (bytes: [UInt8], fragments: [TemplateFragment])?
    var copied = 0
    for _ in 0..<60 {
      for _ in 0..<Int(random.next() % 4) { rows[Int(random.next() % UInt64(rows.count))] = row() }
      if random.next() % 5 == 0 { rows.swapAt(Int(random.next() % 30), Int(random.next() % 30)) }
      let made = try Self.render(library, page(rows), after: earlier)
      copied += made.copied
      earlier = (made.bytes, made.fragments)
    }
    #expect(copied > 0)
  }

  @Test("fragments move with the text replaced before them; one that overlaps a replaced place is dropped")
  func moved() {
    let hash = ContentHash("k")
    let fragments = [0..<4, 6..<10, 12..<20, 20..<22].map { TemplateFragment(key: hash, range: $0, needs: []) }
    let moved = TemplateFragments.moved(fragments, over: [4..<6, 15..<16], to: 5)
    #expect(moved.map(\.range) == [0..<4, 9..<13, 27..<29])
  }
}
