@testable import FinOpsSite
import FinOpsTestSupport
import Foundation
import Testing

@Suite("Writing the site to disk")
struct SiteWriterTests {
  @Test("a file written in pieces holds exactly the pieces, and the disk site equals the in-memory one")
  func streamed() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let writer = try SiteWriter(output: folder.path + "/site")
    try writer.write("api/big.json") { sink in
      for piece in ["{\n", "", "  \"a\" : 1", ",\n  \"b\" : ", "\"é\"\n}\n"] {
        var bytes = Array(piece.utf8)
        try sink(&bytes)
      }
    }
    try SiteBuilder(SiteFixture.input).build(into: writer)
    try writer.commit()
    #expect(try folder.read("site/api/big.json") == "{\n  \"a\" : 1,\n  \"b\" : \"é\"\n}\n")
    // The export is the one page written in pieces: on disk it is what the in-memory build holds.
    let memory = try SiteBuilder(SiteFixture.input).build()
    #expect(try folder.read("site/api/workloads.json") == memory["api/workloads.json"])
    #expect(try folder.read("site/index.html") == memory["index.html"])
  }

  @Test("a page's folder is its path split at slashes without the last part, whatever the path")
  func folders() {
    for path in [
      "index.html", "workloads/a.html", "feeds/people/p.xml", "", "/", "a//b/c", "/a/b", "a/b/",
      "spaces/é/x.html", "a\u{301}/b", "a/\u{301}b", "assets/x/y/z.css",
    ] {
      #expect(SiteWriter.folder(of: path) == path.split(separator: "/").dropLast().joined(separator: "/"), "\(path)")
    }
  }
}
