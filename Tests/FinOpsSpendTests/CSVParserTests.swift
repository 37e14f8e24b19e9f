import FinOpsSpend
import Testing

@Suite("RFC 4180 parsing")
struct CSVParserTests {
  /// Parses `text` in chunks of `chunkSize` and returns every record.
  func records(_ text: String, chunkSize: Int = 1 << 16) -> [CSVRecord] {
    var parser = CSVParser()
    var result: [CSVRecord] = []
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let end = min(bytes.count, offset + chunkSize)
      bytes[offset..<end].withUnsafeBufferPointer { parser.feed($0) { result.append($0) } }
      offset = end
    }
    parser.finish { result.append($0) }
    return result
  }

  @Test("quoted fields hold commas, doubled quotes, CRLF and line breaks")
  func quoting() {
    let text =
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
      + "\"crlf\r\ninside\",,\"\"\r\nlast,row,here"
    let rows = records(text)
    #expect(
      rows.map(\.strings) == [
        ["a", "b", "c"],
        ["x, y", "say \"hi\"", "two\nlines"],
        ["crlf\r\ninside", "", ""],
        ["last", "row", "here"],
      ])
    #expect(rows.map(\.line) == [1, 2, 4, 6])
    #expect(rows.allSatisfy { $0.problem == nil })
  }

  @Test("every chunk size gives the same records", arguments: [1, 2, 3, 5, 7, 64])
  func chunkBoundaries(chunkSize: Int) {
    let text = "\u{FEFF}h1,h2\r\n\"a\"\"b\",\"c\r\nd\"\r\ne,f\rg,h\n"
    let whole = records(text)
    let chunked = records(text, chunkSize: chunkSize)
    #expect(chunked.map(\.strings) == whole.map(\.strings))
    #expect(chunked.map(\.line) == whole.map(\.line))
    #expect(whole.map(\.strings) == [["h1", "h2"], ["a\"b", "c\r\nd"], ["e", "f"], ["g", "h"]])
    #expect(whole.map(\.line) == [1, 2, 4, 5])
  }

  @Test("a byte order mark is dropped and a final line break starts no record")
  func bomAndTrailingBreak() {
    let rows = records("\u{FEFF}a,b\n1,2\n")
    #expect(rows.map(\.strings) == [["a", "b"], ["1", "2"]])
  }

  @Test("an empty line is a record of one empty field; a trailing comma an empty field")
  func emptyLineAndTrailingComma() {
    let rows = records("a,b\n\n1,\n")
    #expect(rows.map(\.strings) == [["a", "b"], [""], ["1", ""]])
    #expect(rows.map(\.line) == [1, 2, 3])
  }

  @Test("departures from RFC 4180 are reported on the record, and parsing goes on")
  func problems() {
    let rows = records("ab\"c,d\n\"x\"y,z\nok,fine\n\"never closed,1\n2,3")
    #expect(rows.count == 4)
    #expect(rows[0].problem?.contains("quote inside an unquoted field") == true)
    #expect(rows[1].problem?.contains("after a closing quote") == true)
    #expect(rows[2].problem == nil)
    #expect(rows[3].problem?.contains("starts on line 4 is never closed") == true)
    #expect(rows[3].line == 4)
  }

  @Test("fields know the line and column they start at")
  func fieldPositions() {
    let rows = records("a,bb\n\"x\ny\",zz\n")
    #expect(rows[1].starts.map(\.line) == [2, 3])
    #expect(rows[1].starts.map(\.column) == [1, 4])
  }
}
