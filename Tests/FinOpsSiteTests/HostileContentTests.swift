import FinOpsCore
import FinOpsSite
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("Hostile content never becomes executable markup")
struct HostileContentTests {
  static let payload = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'\u{202E}\u{0007}\u{FFFD}"

  static let body = """
    # Title <script>alert(3)</script>

    <div onclick="alert(4)">raw html</div>
    <iframe src="https://evil.example"></iframe>

    [click](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](VBScript:msgbox)
    [spaced]( javascript:alert(6)) [entity](&#106;avascript:alert(7)) <javascript:alert(8)>
    ![img](javascript:alert(9)) ![ok](https://example.com/a.png) [fine](https://example.com/x?a=1&b=2)

    <svg onload=alert(10)>

    | n | cell |
    |---|---|
    """ + "\n" + (0..<1_000).map { "| \($0) | <b onmouseover=alert(11)>x</b> |" }.joined(separator: "\n")

  static var input: SiteInput {
    var input = SiteFixture.input
    let hostile = payload
    var request = SiteFixture.request(hostile)
    request.businessCase.annualBaseline = Money(1)
    var approval = SiteFixture.approval
    approval.rationale = hostile
    approval.model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
    let workload = SiteFixture.workload(
      "hostile", title: hostile, id: "h4st", start: "2026-11-02T09:00:00Z",
      steps: [
        (.submit(request), SiteFixture.owner), (.requestChanges(reason: hostile), SiteFixture.lead),
        (.resubmit(request: nil), SiteFixture.owner), (.approve(approval), SiteFixture.lead),
      ], request: request)
    input.workloads.append(SiteWorkload(workload: workload, body: body, path: "workloads/hostile.md"))
    var configuration = input.configuration
    configuration.site.title = hostile
    input.configuration = configuration
    return input
  }

  @Test("no script, event handler, or javascript: or data: link survives in any page")
  func pages() throws {
    let files = try SiteBuilder(Self.input).build()
    #expect(files["workloads/hostile.html"] != nil)
    for (path, text) in files where path.hasSuffix(".html") {
      let lower = text.lowercased()
      let scripts = lower.components(separatedBy: "<script").count - 1
      let ours = lower.components(separatedBy: "assets/site.js\" defer></script>").count - 1
        + lower.components(separatedBy: "assets/wizard.js\" defer></script>").count - 1
      #expect(scripts == ours, "\(path) has \(scripts - ours) script tags of its own")
      #expect(lower.contains("assets/site.js\" defer></script>"))
      #expect(!Self.hasEventHandler(lower), "\(path) has an event handler attribute")
      for scheme in ["javascript:", "vbscript:", "data:"] {
        #expect(!lower.contains("href=\"\(scheme)"), "\(path) links to \(scheme)")
        #expect(!lower.contains("src=\"\(scheme)"), "\(path) loads \(scheme)")
      }
      #expect(!lower.contains("<iframe"), "\(path) embeds an iframe")
      #expect(
        lower.components(separatedBy: "<svg").count == lower.components(separatedBy: "<svg class=\"chart\"").count,
        "\(path) has inline SVG other than the spend charts")
      #expect(lower.contains("content-security-policy"), "\(path) has no CSP")
    }
    let page = try #require(files["workloads/hostile.html"])
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(page.contains("https://example.com/a.png"))
    #expect(page.components(separatedBy: "<tr>").count > 1_000, "the 1,000-row table renders")
  }

  /// An attribute named on… inside a tag (outside quoted attribute values).
  static func hasEventHandler(_ html: String) -> Bool {
    var inTag = false
    var quote: Character?
    var previous: Character = " "
    var index = html.startIndex
    while index < html.endIndex {
      let character = html[index]
      if let open = quote {
        if character == open { quote = nil }
      } else if inTag, character == "\"" || character == "'" {
        quote = character
      } else if character == "<" {
        inTag = true
      } else if character == ">" {
        inTag = false
      }
      if inTag, quote == nil, previous.isWhitespace, character == "o", html[index...].hasPrefix("on") {
        let name = html[html.index(index, offsetBy: 2)...].prefix { $0.isLetter }
        let after = html[html.index(index, offsetBy: 2 + name.count)...].drop { $0 == " " }
        if !name.isEmpty, after.first == "=" { return true }
      }
      previous = character
      index = html.index(after: index)
    }
    return false
  }

  @Test("feeds stay well-formed XML and the JSON export parses")
  func feedsAndJSON() throws {
    let files = try SiteBuilder(Self.input).build()
    for (path, text) in files where path.hasSuffix(".xml") {
      let parser = XMLParser(data: Data(text.utf8))
      #expect(parser.parse(), "\(path) is not well-formed: \(String(describing: parser.parserError))")
    }
    let json = try #require(files["api/workloads.json"])
    #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
  }

  @Test("the Markdown renderer neutralises unsafe destinations", arguments: [
    ("[x](javascript:alert(1))", false), ("[x](JaVaScRiPt:alert(1))", false),
    ("[x](data:text/html,hi)", false), ("[x](vbscript:x)", false), ("[x](file:///etc/passwd)", false),
    ("[x](https://example.com)", true), ("[x](mailto:a@example.com)", true), ("[x](../a.html)", true),
    ("[x](#anchor)", true), ("[x](a/b:c)", true),
  ])
  func destinations(markdown: String, kept: Bool) {
    let html = MarkdownRenderer().render(markdown)
    #expect(html.contains("href=\"\"") != kept, "\(markdown) → \(html)")
  }

  @Test("raw HTML is omitted, GFM extensions work")
  func markdown() {
    let html = MarkdownRenderer().render("<b>bold</b> ~~gone~~ https://example.com\n\n- [x] done\n\n| a |\n|---|\n| 1 |\n")
    #expect(!html.contains("<b>"))
    #expect(html.contains("<del>gone</del>"))
    #expect(html.contains("<a href=\"https://example.com\">"))
    #expect(html.contains("type=\"checkbox\""))
    #expect(html.contains("<table>"))
  }

  @Test("documents rendered on many threads at once each keep their extensions")
  func concurrentRendering() {
    // cmark-gfm adds an extension's inline characters (strikethrough's ~) to a process-wide
    // table for each parse and removes them after it: parses must not overlap.
    let text = (0..<40).map { "word \($0) ~~struck~~ and" }.joined(separator: " ") + "\n\nlast ~~struck~~"
    let rendered = parallelMap(2000) { _ in MarkdownRenderer().render(text) }
    #expect(rendered.allSatisfy { $0.components(separatedBy: "<del>struck</del>").count == 42 })
  }
}
