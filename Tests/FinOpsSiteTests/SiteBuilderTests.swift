import FinOpsCore
import FinOpsSite
import FinOpsTestSupport
import Foundation
import Testing

@Suite("The generated site")
struct SiteBuilderTests {
  static let pages = [
    "index.html", "review.html", "engineering.html", "workloads/claims-assistant.html",
    "workloads/fraud-triage.html", "spaces/index.html", "spaces/priya-example-com.html",
    "org/index.html", "org/claims-digital.html", "404.html", "feeds/finops-lead.xml",
    "feeds/people/priya-example-com.xml", "api/workloads.json", "spend.html", "api/spend.json",
    "submit.html",
  ]

  @Test("each page kind matches its recorded golden file", arguments: pages)
  func golden(page: String) throws {
    let files = try SiteBuilder(SiteFixture.input).build()
    let html = try #require(files[page], "no \(page); built \(files.keys.sorted())")
    assertGolden(html, named: page.replacingOccurrences(of: "/", with: "_"))
  }

  @Test("the same input builds a byte-identical site")
  func deterministic() throws {
    let first = try SiteBuilder(SiteFixture.input).build()
    let second = try SiteBuilder(SiteFixture.input).build()
    #expect(first == second)
  }

  @Test("a description not read with its record is read when a page shows it, and one that cannot be read fails the build")
  func unreadBodies() throws {
    final class Reads: @unchecked Sendable {
      let lock = NSLock()
      var slugs: [String] = []
      func add(_ slug: String) { lock.withLock { slugs.append(slug) } }
    }
    let reads = Reads()
    var input = SiteFixture.input
    for index in input.workloads.indices {
      let slug = input.workloads[index].workload.slug
      let text = try input.workloads[index].body.text()
      input.workloads[index].body = .unread {
        reads.add(slug)
        return text
      }
    }
    let builder = try SiteBuilder(input)
    #expect(reads.slugs.isEmpty)
    // The site is the one built from the texts: each description read for its page, and those
    // of submitted components' workloads again for the review queue.
    #expect(try builder.build() == SiteBuilder(SiteFixture.input).build())
    let submitted = input.workloads.filter { $0.workload.components.contains { $0.status == .submitted } }
    #expect(!submitted.isEmpty)
    #expect(reads.slugs.sorted() == (input.workloads + submitted).map(\.workload.slug).sorted())
    // A description that can no longer be read stops the build, whichever page reads it.
    struct Gone: Error {}
    for slug in ["claims-assistant", submitted[0].workload.slug] {
      var broken = input
      let index = try #require(broken.workloads.firstIndex { $0.workload.slug == slug })
      broken.workloads[index].body = .unread { throw Gone() }
      #expect(throws: Gone.self) { try SiteBuilder(broken).build() }
    }
  }

  @Test("every internal link points at a page the build wrote")
  func links() throws {
    let files = try SiteBuilder(SiteFixture.input).build()
    for (path, html) in files where path.hasSuffix(".html") {
      let folder = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
      for href in Self.attributes("href", in: html) + Self.attributes("src", in: html) {
        guard !href.contains("://"), !href.hasPrefix("#"), !href.hasPrefix("mailto:") else { continue }
        let target = String(href.split(separator: "#").first ?? "")
        guard !target.isEmpty else { continue }
        let resolved = folder.appendingPathComponent(target).standardized.path.dropFirst()
        #expect(files[String(resolved)] != nil, "\(path) links to \(href), which was not built")
      }
    }
  }

  static func attributes(_ name: String, in html: String) -> [String] {
    var values: [String] = []
    var rest = Substring(html)
    while let range = rest.range(of: " \(name)=\"") {
      rest = rest[range.upperBound...]
      if let end = rest.firstIndex(of: "\"") {
        values.append(String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
        rest = rest[end...]
      }
    }
    return values
  }

  @Test("two pages for one path are an error naming it, never a file of both")
  func clashingPages() throws {
    var input = SiteFixture.input
    input.configuration.roster = Roster(
      input.configuration.roster.people + [
        Person(email: "a.b@example.com", name: "A B", personas: [.productOwner]),
        Person(email: "a-b@example.com", name: "A-B", personas: [.productOwner]),
      ])
    let error = try #require(throws: SiteWriteError.self) { try SiteBuilder(input).build() }
    #expect(error.duplicate)
    #expect(error.path.hasSuffix("a-b-example-com.html") || error.path.hasSuffix("a-b-example-com.xml"))
  }

  @Test("a missing template is an error naming it")
  func missingTemplate() {
    var input = SiteFixture.input
    input.templates.sources["review"] = nil
    #expect(throws: TemplateError.self) { try SiteBuilder(input) }
  }
}
