import FinOpsCore
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

  @Test("a copy of a parser in the middle of a record parses on its own")
  func copiedParser() {
    var parser = CSVParser()
    Array("a,b\nhead,".utf8).withUnsafeBufferPointer { parser.feed($0) { _ in } }
    var copy = parser
    var first: [[String]] = []
    var second: [[String]] = []
    Array("one\n".utf8).withUnsafeBufferPointer { parser.feed($0) { first.append($0.strings) } }
    Array("two,2\n".utf8).withUnsafeBufferPointer { copy.feed($0) { second.append($0.strings) } }
    Array("x\n".utf8).withUnsafeBufferPointer { parser.feed($0) { first.append($0.strings) } }
    #expect(first == [["head", "one"], ["x"]])
    #expect(second == [["head", "two", "2"]])
    // A record one copy emitted and that was kept is not written over by the other.
    var original = CSVParser()
    Array("a,b\nhead,".utf8).withUnsafeBufferPointer { original.feed($0) { _ in } }
    var twin = original
    var kept: [CSVRecord] = []
    Array("two\n".utf8).withUnsafeBufferPointer { twin.feed($0) { kept.append($0) } }
    Array("one\n".utf8).withUnsafeBufferPointer { original.feed($0) { _ in } }
    #expect(kept.map(\.strings) == [["head", "two"]])
  }

  @Test("fields know the line and column they start at")
  func fieldPositions() {
    let rows = records("a,bb\n\"x\ny\",zz\n")
    #expect(rows[1].starts.map(\.line) == [2, 3])
    #expect(rows[1].starts.map(\.column) == [1, 4])
  }

  @Test("field positions match a byte-by-byte reading of any text, in chunks of any size")
  func fieldPositionsOfAnyText() {
    var generator = SeededRandom(state: 4180)
    let alphabet: [String] = ["a", "b", ",", ",", "\"", "\n", "\r", "é", "\u{FEFF}"]
    for _ in 0..<400 {
      let length = Int(generator.next() % 40)
      let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
      let expected = Self.fieldStarts(Array(text.utf8))
      for chunkSize in [1, 2, 3, 1 << 16] {
        let found = records(text, chunkSize: chunkSize).map { $0.starts.map { [$0.line, $0.column] } }
        #expect(found == expected, "\(text.debugDescription) in chunks of \(chunkSize)")
      }
    }
  }

  /// The line and byte column of each field of each record of `bytes`, read a byte at a time
  /// (the reference for `CSVParser`'s positions): a field starts at a record's start or after a
  /// comma outside quotes, and is quoted when its first byte is a quote; LF, CR and CRLF each
  /// end a line, inside quotes too; a byte order mark at the start is not counted. A field
  /// after a comma that ends the text has no position.
  static func fieldStarts(_ bytes: [UInt8]) -> [[[Int]]] {
    enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted }
    let (comma, quote, lf, cr) = (UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
    var records: [[[Int]]] = []
    var current: [[Int]] = []
    var open = false
    var state = State.fieldStart
    var (line, column) = (1, 1)
    var afterCR = false
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    func advance(_ byte: UInt8) {
      if byte == cr || (byte == lf && !afterCR) { line += 1 }
      column = byte == cr || byte == lf ? 1 : column + 1
      afterCR = byte == cr
      index += 1
    }
    while index < bytes.count {
      let byte = bytes[index]
      switch state {
      case .fieldStart:
        if byte == lf && afterCR && !open {
          advance(byte)  // the LF of a CRLF that ended a record
          continue
        }
        open = true
        current.append([line, column])
        state = byte == quote ? .quoted : .unquoted
        if byte == quote { advance(byte) }
      case .unquoted, .afterQuoted:
        if byte == comma {
          state = .fieldStart
        } else if byte == lf || byte == cr {
          records.append(current)
          (current, open, state) = ([], false, .fieldStart)
        }
        advance(byte)
      case .quoted:
        if byte == quote { state = .quoteInQuoted }
        advance(byte)
      case .quoteInQuoted:
        if byte == quote {
          state = .quoted
          advance(byte)
        } else {
          state = .afterQuoted
        }
      }
    }
    if open || state != .fieldStart { records.append(current) }
    return records
  }
}
