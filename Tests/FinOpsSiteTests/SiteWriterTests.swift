import FinOpsSite
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
}
