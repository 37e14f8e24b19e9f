import Foundation
import Mustache
import Testing

@testable import FinOpsTemplates

/// The engine must render what swift-mustache 2.1.1, which it replaced, renders: the same
/// templates and data through both, compared byte for byte.
@Suite("Same output as swift-mustache")
struct DifferentialTests {
  static let data: Datum = [
    "title": "Claims <assistant> & \"friends\"", "count": 7, "on": true, "off": false, "blank": "",
    "page": ["root": "../", "title": "T", "reviewCount": 2],
    "rows": [
      ["name": "a", "tone": "good", "tags": ["x", "y"], "note": "n1"],
      ["name": "b'", "tone": "bad", "tags": [], "sub": ["name": "inner"]],
    ],
    "empty": [], "nested": ["deeper": ["value": "v"]],
  ]

  static let templates = [
    "{{title}} {{{title}}} {{&title}} {{count}} {{on}}",
    "{{#rows}}<li class=\"{{tone}}\">{{name}}{{#tags}} [{{.}}]{{/tags}}{{^tags}} none{{/tags}}{{#note}} ({{note}}){{/note}}</li>\n{{/rows}}",
    "<ul>\n  {{#rows}}\n  <li>{{name}} of {{title}}</li>\n  {{/rows}}\n</ul>\n",
    "{{#rows}}\n{{#sub}}\n  {{name}} in {{page.title}}\n{{/sub}}\n{{/rows}}\n",
    "{{#blank}}blank{{/blank}}|{{^blank}}not blank{{/blank}}|{{#empty}}e{{/empty}}{{^empty}}no items{{/empty}}",
    "{{#on}}\n  on\n{{/on}}\n{{^off}}\n  off\n  {{/off}}\n",
    "{{nested.deeper.value}} {{#nested.deeper}}{{value}} {{title}}{{/nested.deeper}} {{nested.missing.value}}",
    "{{! comment }}\n  {{! standalone comment }}\nline {{! inline }} end\r\nwindows\r\n{{#on}}\r\ncrlf\r\n{{/on}}\r\n",
    "{{#page.reviewCount}} <span>{{page.reviewCount}}</span>{{/page.reviewCount}}\n{{=<% %>=}}\n<% title %>\n<%={{ }}=%>\n{{title}}",
    "{{<layout}}\n{{$content}}\n<h1>{{title}}</h1>\n{{#rows}}\n<p>{{name}}</p>\n{{/rows}}\n{{/content}}\n{{/layout}}\n",
    "{{<layout}}{{/layout}}",
    "before\n  {{>partial}}\nafter {{>partial}}\n",
    "<div>\n    {{>lines}}\n</div>\n{{#on}}\n  {{>lines}}\n{{/on}}\n",
  ]

  static let partials = [
    "layout": "<html>\n<title>{{page.title}}</title>\n<main>\n{{$content}}{{/content}}\n</main>\n</html>\n",
    "partial": "<b>{{title}}</b>\n<i>{{count}}</i>\n",
    // Lines of text between tags, which the parser joins into one node, indented line by line.
    // (Not CRLF: swift-mustache does not indent the line after one; see TemplateTests.)
    "lines": "first\n\nsecond{{! note }} half\nthird\n{{#on}}\n  fourth {{title}}\n{{/on}}\nlast\n  end",
  ]

  @Test("both engines render the same bytes", arguments: templates)
  func same(template: String) throws {
    var theirs: [String: MustacheTemplate] = ["main": try MustacheTemplate(string: template)]
    for (name, source) in Self.partials { theirs[name] = try MustacheTemplate(string: source) }
    let expected = MustacheLibrary(templates: theirs).render(Self.data.any, withTemplate: "main")
    #expect(try render(template, Self.data, partials: Self.partials) == expected)
  }
}
