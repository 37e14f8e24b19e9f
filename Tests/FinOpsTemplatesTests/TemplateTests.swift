import Testing

import FinOpsCore
@testable import FinOpsTemplates

/// A tree of test data that both engines can take: Encodable for ours, `Any` for swift-mustache.
indirect enum Datum: Encodable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral
{
  case text(String), flag(Bool), number(Int), list([Datum]), object([(String, Datum)])

  init(stringLiteral value: String) { self = .text(value) }
  init(booleanLiteral value: Bool) { self = .flag(value) }
  init(integerLiteral value: Int) { self = .number(value) }
  init(arrayLiteral elements: Datum...) { self = .list(elements) }
  init(dictionaryLiteral elements: (String, Datum)...) { self = .object(elements) }

  private struct CodingName: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  func encode(to encoder: any Encoder) throws {
    switch self {
    case .text(let text):
      var container = encoder.singleValueContainer()
      try container.encode(text)
    case .flag(let flag):
      var container = encoder.singleValueContainer()
      try container.encode(flag)
    case .number(let number):
      var container = encoder.singleValueContainer()
      try container.encode(number)
    case .list(let items):
      var container = encoder.unkeyedContainer()
      for item in items { try container.encode(item) }
    case .object(let pairs):
      var container = encoder.container(keyedBy: CodingName.self)
      for (key, value) in pairs { try container.encode(value, forKey: CodingName(stringValue: key)) }
    }
  }

  /// The same data as swift-mustache takes it.
  var any: Any {
    switch self {
    case .text(let text): text
    case .flag(let flag): flag
    case .number(let number): number
    case .list(let items): items.map(\.any)
    case .object(let pairs): Dictionary(pairs.map { ($0.0, $0.1.any) }) { first, _ in first }
    }
  }
}

/// Renders `template` (named `main`) with `partials` beside it.
func render(_ template: String, _ data: Datum = [:], partials: [String: String] = [:]) throws -> String {
  var library = TemplateLibrary()
  try library.register(template, named: "main")
  for (name, source) in partials { try library.register(source, named: name) }
  let bytes = try #require(try library.render("main", data))
  return String(decoding: bytes, as: UTF8.self)
}

@Suite("Compiled Mustache templates")
struct TemplateTests {
  @Test("variables are HTML-escaped; triple braces and & are not")
  func interpolation() throws {
    let data: Datum = ["name": "<b>\"Tom\" & 'Jerry'</b>", "count": 3, "yes": true]
    #expect(try render("{{name}}", data) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
    #expect(try render("{{{name}}}|{{& name }}", data) == "<b>\"Tom\" & 'Jerry'</b>|<b>\"Tom\" & 'Jerry'</b>")
    #expect(try render("{{count}} {{yes}} [{{missing}}]", data) == "3 true []")
    #expect(try render("é {{name}} ü", ["name": "ß"]) == "é ß ü")
  }

  @Test("escaping eight bytes at a time gives what escaping byte by byte gives")
  func escapingAgainstBytewise() {
    func reference(_ text: String) -> String {
      var result = ""
      for character in text.unicodeScalars {
        switch character {
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "&": result += "&amp;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.unicodeScalars.append(character)
        }
      }
      return result
    }
    let pieces = ["a", "<", ">", "&", "\"", "'", "é", "🎉", "xxxxxxx", "\u{3C}", "=", "\u{BC}", "|"]
    var texts = ["", "plain text without anything to escape, longer than a word"]
    // Every special character at every offset of words of several lengths.
    for length in 1...19 {
      for position in 0..<length {
        for special in ["<", ">", "&", "\"", "'"] {
          texts.append(String(repeating: "b", count: position) + special + String(repeating: "c", count: length - position - 1))
        }
      }
    }
    for index in 0..<200 {
      texts.append((0..<(index % 23)).map { pieces[($0 * 7 + index) % pieces.count] }.joined())
    }
    for text in texts {
      let output = ByteBuffer(capacity: 1)
      output.append(utf8: "prefix:")
      var text = text
      text.withUTF8 { HTML.appendEscaped($0, to: output) }
      #expect(String(decoding: output.bytes, as: UTF8.self) == "prefix:" + reference(text), "\(text)")
    }
  }

  @Test("a byte buffer holds what an array appended the same pieces holds, as it grows")
  func byteBuffer() {
    let buffer = ByteBuffer(capacity: 1)
    var array: [UInt8] = []
    #expect(buffer.last == nil)
    var state: UInt64 = 9
    for round in 0..<2_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let piece = String(repeating: "é\(round % 10)", count: Int(state >> 58))
      switch round % 4 {
      case 0:
        buffer.append(utf8: piece)
        array.append(contentsOf: piece.utf8)
      case 1:
        buffer.append(Array(piece.utf8))
        array.append(contentsOf: piece.utf8)
      case 2:
        buffer.append(UInt8(truncatingIfNeeded: state))
        array.append(UInt8(truncatingIfNeeded: state))
      default:
        Array(piece.utf8).withUnsafeBufferPointer { buffer.append($0) }
        array.append(contentsOf: piece.utf8)
      }
      #expect(buffer.count == array.count && buffer.last == array.last)
    }
    #expect(buffer.bytes == array)
  }

  @Test("sections iterate lists, push objects, test flags; empty text is truthy")
  func sections() throws {
    let data: Datum = [
      "items": [["n": "a"], ["n": "b"]], "empty": [], "on": true, "off": false, "blank": "",
      "person": ["name": "Ann"], "name": "outer", "words": ["x", "y"],
    ]
    #expect(try render("{{#items}}{{n}},{{/items}}", data) == "a,b,")
    #expect(try render("{{#empty}}no{{/empty}}{{^empty}}none{{/empty}}", data) == "none")
    #expect(try render("{{#on}}on{{/on}}{{#off}}off{{/off}}{{^off}}!off{{/off}}", data) == "on!off")
    #expect(try render("{{#blank}}blank is truthy{{/blank}}", data) == "blank is truthy")
    #expect(try render("{{#person}}{{name}} not {{#items}}{{name}}{{/items}}{{/person}}", data) == "Ann not AnnAnn")
    #expect(try render("{{#words}}({{.}}){{/words}}", data) == "(x)(y)")
    #expect(try render("{{#missing}}x{{/missing}}{{^missing}}y{{/missing}}", data) == "y")
  }

  @Test("dotted names resolve their first part up the stack and the rest inside it")
  func dottedNames() throws {
    let data: Datum = ["a": ["b": ["c": "deep"]], "x": ["y": "1"], "list": [["z": "2"]]]
    #expect(try render("{{a.b.c}}|{{#a.b}}{{c}}{{/a.b}}|{{a.nope.c}}", data) == "deep|deep|")
    #expect(try render("{{#list}}{{x.y}}{{z}}{{/list}}", data) == "12")
  }

  @Test("standalone tags take their whole line with them, LF or CRLF")
  func standalone() throws {
    let data: Datum = ["on": true, "items": ["a"]]
    #expect(try render("x\n  {{#on}}\ny\n  {{/on}}\nz\n", data) == "x\ny\nz\n")
    #expect(try render("x\r\n{{#on}}\r\ny\r\n{{/on}}\r\nz", data) == "x\r\ny\r\nz")
    #expect(try render("{{! a comment\nover lines }}\nx\n", data) == "x\n")
    #expect(try render(" {{#on}}x{{/on}} \n", data) == " x \n")
    #expect(try render("a\n{{#items}}\n- {{.}}\n{{/items}}\n  {{#on}}\nend\n{{/on}}", data) == "a\n- a\nend\n")
    #expect(try render("<p>{{#on}}\nx\n{{/on}}\n  {{^on}}\nno\n  {{/on}}\ndone", data) == "<p>\nx\ndone")
    #expect(try render("trailing  ", data) == "trailing  ")
  }

  @Test("delimiters can be changed")
  func delimiters() throws {
    #expect(try render("{{=<% %>=}}\n<% name %> {{name}}\n<%={{ }}=%>{{name}}", ["name": "n"]) == "n {{name}}\nn")
  }

  @Test("partials render in the current context and standalone ones are indented")
  func partials() throws {
    let partials = ["row": "<li>{{name}}</li>\n", "block": "one\ntwo\n"]
    #expect(try render("{{#people}}{{>row}}{{/people}}", ["people": [["name": "a"], ["name": "b"]]], partials: partials) == "<li>a</li>\n<li>b</li>\n")
    #expect(try render("<ul>\n  {{>block}}\n</ul>", partials: partials) == "<ul>\n  one\n  two\n</ul>")
    #expect(try render("[{{>nothing}}]") == "[]")
    // Every line of an indented partial is indented, after CRLF too (swift-mustache indents only
    // after LF), and so is an empty one.
    #expect(try render("<ul>\n  {{>crlf}}\n</ul>", partials: ["crlf": "one\r\n\ntwo{{! c }} 2\r\nthree"]) == "<ul>\n  one\r\n  \n  two 2\r\n  three</ul>")
  }

  @Test("a partial that includes itself forever is an error, not a crash")
  func runaway() throws {
    #expect(throws: TemplateRenderError(template: "main", partial: "loop")) {
      try render("{{>loop}}", partials: ["loop": "again {{>loop}}"])
    }
    let tree: Datum = ["name": "a", "children": [["name": "b", "children": [["name": "c", "children": []]]]]]
    #expect(try render("{{>node}}", tree, partials: ["node": "({{name}}{{#children}}{{>node}}{{/children}})"]) == "(a(b(c)))")
  }

  @Test("parents take block overrides; the outermost override wins")
  func inheritance() throws {
    let partials = [
      "layout": "<main>\n{{$content}}default{{/content}}\n</main>\n<footer>{{$foot}}© {{year}}{{/foot}}</footer>",
      "page": "{{<layout}}{{$content}}page{{/content}}{{$foot}}page foot{{/foot}}{{/layout}}",
    ]
    #expect(try render("{{<layout}}\n{{$content}}\n<h1>{{title}}</h1>\n{{/content}}\n{{/layout}}\n", ["title": "T", "year": 2026], partials: partials)
      == "<main>\n<h1>T</h1>\n\n</main>\n<footer>© 2026</footer>")
    #expect(try render("{{<page}}{{$content}}mine{{/content}}{{/page}}", partials: partials) == "<main>\nmine\n</main>\n<footer>page foot</footer>")
    #expect(try render("{{<layout}}ignored text{{/layout}}", ["year": 1], partials: partials) == "<main>\ndefault\n</main>\n<footer>© 1</footer>")
  }

  @Test("a nil optional is left out; numbers print in decimal; unused names are not kept")
  func encoding() throws {
    struct Row: Encodable { var label: String; var note: String?; var count: Int; var ratio: Double; var unused: String }
    var library = TemplateLibrary()
    try library.register("{{label}}{{#note}}({{note}}){{/note}}{{^note}}-{{/note}} {{count}} {{ratio}}", named: "row")
    let value = try library.value(of: Row(label: "a", note: nil, count: 12, ratio: 0.5, unused: "x"))
    guard case .object(let object) = value else { Issue.record("not an object: \(value)"); return }
    #expect(object.children.count == 3, "note is nil and no template uses 'unused'")
    let bytes = try #require(try library.render("row", Row(label: "a", note: nil, count: 12, ratio: 0.5, unused: "x")))
    #expect(String(decoding: bytes, as: UTF8.self) == "a- 12 0.5")
  }

  @Test("a variant with one text replaced is the value of the model with that text")
  func variant() throws {
    struct Row: TemplateRepresentable, Sendable {
      var href: String
      var title: String
      var unused: String
      static var templateChildCount: Int { 3 }
      func addTemplateChildren(to object: inout TemplateObjectBuilder) {
        object.add("href", href)
        object.add("title", title)
        object.add("unused", unused)
      }
    }
    var library = TemplateLibrary()
    try library.register("<a href=\"{{href}}\">{{title}}</a>", named: "row")
    let top = Row(href: "workloads/a.html", title: "A", unused: "x")
    let nested = Row(href: "../workloads/a.html", title: "A", unused: "x")
    func pair(_ name: String, _ text: String) -> (
      model: TemplateEncoded<Row>, variant: TemplateEncoded<Row>
    ) {
      TemplateEncoded<Row>.withVariant(
        fingerprint: nil, variantFingerprint: nil, library: library, replacing: name,
        with: { text },
        make: { top }
      ) { row in
        var moved = row
        moved.href = "../" + row.href
        return moved
      }
    }
    // Either may be asked for first.
    for variantFirst in [false, true] {
      let (encoded, replaced) = pair("href", nested.href)
      if variantFirst { #expect(replaced.value == (try library.value(of: nested))) }
      #expect(encoded.value == (try library.value(of: top)), "the model's value is left as it was")
      #expect(replaced.value == (try library.value(of: nested)))
      #expect(replaced.model.href == nested.href)
      #expect(encoded.model.href == top.href)
      // Without fingerprints given, each is fingerprinted by its own value's text.
      func hash(_ value: TemplateValue) -> ContentHash {
        var hash = ContentHash()
        value.fingerprint(into: &hash)
        return hash
      }
      #expect(replaced.storage.shared.fingerprint == hash(try library.value(of: nested)))
      #expect(encoded.storage.shared.fingerprint == hash(try library.value(of: top)))
    }
    let unused = pair("unused", "y")
    #expect(
      unused.variant.value == unused.model.value, "a name no template uses has no child to replace")
    #expect(unused.variant.value == (try library.value(of: top)))
  }

  @Test("nested containers and super encoders keep what is written into them afterwards")
  func nestedContainers() throws {
    struct Manual: Encodable {
      enum Keys: String, CodingKey { case point, tags, name, x }
      func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var point = container.nestedContainer(keyedBy: Keys.self, forKey: .point)
        try point.encode("1", forKey: .x)
        var tags = container.nestedUnkeyedContainer(forKey: .tags)
        try tags.encode("a")
        var inner = tags.nestedContainer(keyedBy: Keys.self)
        try inner.encode("b", forKey: .name)
        try "c".encode(to: tags.superEncoder())
        try "n".encode(to: container.superEncoder(forKey: .name))
      }
    }
    var library = TemplateLibrary()
    try library.register("{{point.x}} {{name}} {{#tags}}[{{name}}{{.}}]{{/tags}}", named: "t")
    let bytes = try #require(try library.render("t", Manual()))
    #expect(String(decoding: bytes, as: UTF8.self) == "1 n [na][b][nc]")
  }

  @Test("syntax errors name their line and column", arguments: [
    ("a\n{{#open}}\nb", TemplateSyntaxError(line: 2, column: 1, message: "{{open}} is never closed")),
    ("{{#a}}\n  {{/b}}", TemplateSyntaxError(line: 2, column: 3, message: "{{/b}} does not close {{a}} (line 1)")),
    ("x {{/a}}", TemplateSyntaxError(line: 1, column: 3, message: "{{/a}} closes nothing")),
    ("{{name", TemplateSyntaxError(line: 1, column: 1, message: "tag is not closed with }}")),
    ("{{two words}}", TemplateSyntaxError(line: 1, column: 1, message: "'two words' is not a name")),
    ("{{a..b}}", TemplateSyntaxError(line: 1, column: 1, message: "'a..b' is not a name")),
    ("{{<p}}{{x}}{{/p}}", TemplateSyntaxError(line: 1, column: 1, message: "{{<p}} may contain only {{$block}} overrides")),
    ("{{=<%>=}}", TemplateSyntaxError(line: 1, column: 1, message: "a set-delimiter tag needs two delimiters, as in {{=<% %>=}}")),
    ("{{!", TemplateSyntaxError(line: 1, column: 1, message: "unclosed comment")),
  ])
  func syntaxErrors(source: String, expected: TemplateSyntaxError) {
    var keys = TemplateKeys()
    #expect(throws: expected) { try Template.parse(source, named: "t", keys: &keys) }
  }
}
