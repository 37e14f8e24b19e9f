import FinOpsCore

/// A parser for the block-style YAML subset that workload files and finops.yml use: block
/// mappings and sequences, plain, single- and double-quoted scalars, `|` and `|-` literal blocks,
/// one-line flow lists, and comments. It works on UTF-8 bytes and returns nil for anything
/// outside that subset or anything malformed; the caller then falls back to the full parser,
/// which also writes the error messages. Positions match the full parser's.
struct FastYAMLParser {
  private struct Line {
    /// Offset of the first byte after the indentation.
    var start: Int
    /// Offset of the line break (or of the end), with a trailing carriage return excluded.
    var end: Int
    var indent: Int
    var number: Int
  }

  private let bytes: [UInt8]
  private var lines: [Line] = []
  private var index = 0
  /// Where plain scalars that repeat from file to file are shared; nil: each is decoded.
  private let strings: StringCache?

  private init(bytes: [UInt8], strings: StringCache?) {
    self.bytes = bytes
    self.strings = strings
  }

  static func parse(_ text: String, strings: StringCache? = nil) -> YAMLNode? {
    var parser = FastYAMLParser(bytes: Array(text.utf8), strings: strings)
    guard parser.split() else { return nil }
    parser.skipBlank()
    guard parser.index < parser.lines.count,
      let node = parser.block(indent: parser.lines[parser.index].indent)
    else { return nil }
    parser.skipBlank()
    return parser.index == parser.lines.count ? node : nil
  }

  // MARK: Lines

  private static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A
  private static let carriageReturn: UInt8 = 0x0D, hash: UInt8 = 0x23, dash: UInt8 = 0x2D
  private static let colon: UInt8 = 0x3A, quote: UInt8 = 0x22, apostrophe: UInt8 = 0x27
  private static let pipe: UInt8 = 0x7C, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D
  private static let comma: UInt8 = 0x2C, backslash: UInt8 = 0x5C

  /// Splits into lines; refuses tabs in indentation, control characters, a byte-order mark and
  /// document markers, all of which the full parser handles or reports.
  private mutating func split() -> Bool {
    // Through a pointer, each byte looked at once: indexing the array checked every byte's
    // bounds, and a second pass looked for carriage returns (a fifth of a check's instructions).
    var lines: [Line] = []
    let split = bytes.withUnsafeBufferPointer { bytes -> Bool in
      let raw = UnsafeRawBufferPointer(bytes)
      var number = 0
      var position = 0
      let count = bytes.count
      while position <= count {
        number += 1
        var end = position
        var returns = 0
        while end < count {
          // Eight ordinary bytes (none below a space, no DEL, no 0xEF) skipped with one test.
          if end + 8 <= count {
            let word = ByteWord.load(raw, at: end)
            if ByteWord.below(word, 0x20) | ByteWord.equal(word, 0x7F) | ByteWord.equal(word, 0xEF)
              == 0
            {
              end += 8
              continue
            }
          }
          let byte = bytes[end]
          if byte == Self.newline { break }
          if byte < 0x20 {
            if byte == Self.carriageReturn {
              returns += 1
            } else if byte != Self.tab {
              return false
            }
          } else if byte == 0x7F || byte == 0xEF {
            return false  // DEL; U+FEFF and other BMP specials: leave to the full parser
          }
          end += 1
        }
        var contentEnd = end
        if contentEnd > position, bytes[contentEnd - 1] == Self.carriageReturn {
          contentEnd -= 1
          returns -= 1
        }
        if returns > 0 { return false }  // a carriage return inside a line
        var start = position
        while start < contentEnd, bytes[start] == Self.space { start += 1 }
        if start < contentEnd {
          let first = bytes[start]
          if first == Self.tab || first == 0x25 { return false }  // tab indentation, directive
          if contentEnd - start >= 3, start == position, first == 0x2D || first == 0x2E,
            bytes[start + 1] == first, bytes[start + 2] == first
          {
            return false  // `---` or `...`: a document marker
          }
        }
        lines.append(Line(start: start, end: contentEnd, indent: start - position, number: number))
        position = end + 1
      }
      return true
    }
    self.lines = lines
    return split
  }

  private func isBlank(_ line: Line) -> Bool {
    var cursor = line.start
    while cursor < line.end, bytes[cursor] == Self.space || bytes[cursor] == Self.tab { cursor += 1 }
    return cursor == line.end || bytes[cursor] == Self.hash
  }

  private mutating func skipBlank() {
    while index < lines.count, isBlank(lines[index]) { index += 1 }
  }

  private func isSequenceItem(_ start: Int, _ end: Int) -> Bool {
    start < end && bytes[start] == Self.dash && (start + 1 == end || bytes[start + 1] == Self.space)
  }

  private func string(_ start: Int, _ end: Int) -> String {
    String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// Unicode scalars in a byte range: the full parser's column unit.
  private func scalarCount(_ start: Int, _ end: Int) -> Int {
    var count = 0
    for offset in start..<end where bytes[offset] & 0xC0 != 0x80 { count += 1 }
    return count
  }

  // MARK: Blocks

  /// The block node whose first line is the current one, at exactly `indent`.
  private mutating func block(indent: Int) -> YAMLNode? {
    skipBlank()
    guard index < lines.count, lines[index].indent == indent else { return nil }
    let line = lines[index]
    if isSequenceItem(line.start, line.end) { return sequence(indent: indent) }
    return mapping(indent: indent, firstStart: nil)
  }

  private mutating func sequence(indent: Int) -> YAMLNode? {
    let start = YAMLNode.Position(line: lines[index].number, column: indent + 1)
    var items: [YAMLNode] = []
    items.reserveCapacity(8)  // grown from empty, most lists were copied twice or three times
    while true {
      skipBlank()
      guard index < lines.count, lines[index].indent == indent else { break }
      let line = lines[index]
      guard isSequenceItem(line.start, line.end) else { break }
      var cursor = line.start + 1
      while cursor < line.end, bytes[cursor] == Self.space { cursor += 1 }
      let offset = cursor - line.start
      if cursor == line.end || bytes[cursor] == Self.hash {
        index += 1
        skipBlank()
        guard index < lines.count, lines[index].indent > indent,
          let item = block(indent: lines[index].indent)
        else { return nil }
        items.append(item)
      } else if isSequenceItem(cursor, line.end) {
        return nil  // nested compact sequences are left to the full parser
      } else if keyEnd(cursor, line.end) != nil {
        guard let item = mapping(indent: indent + offset, firstStart: cursor) else { return nil }
        items.append(item)
      } else {
        guard
          let value = inlineValue(
            cursor, line.end, line: line.number, column: indent + offset + 1, parentIndent: indent)
        else { return nil }
        items.append(value)
      }
    }
    return .sequence(items, start)
  }

  /// The end of a plain key (`[A-Za-z0-9_-]+`) followed by `:` and a space or the line's end.
  private func keyEnd(_ start: Int, _ end: Int) -> Int? {
    var cursor = start
    while cursor < end {
      let byte = bytes[cursor]
      let isKeyByte =
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
        || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == Self.dash
      if !isKeyByte { break }
      cursor += 1
    }
    guard cursor > start, cursor < end, bytes[cursor] == Self.colon,
      cursor + 1 == end || bytes[cursor + 1] == Self.space
    else { return nil }
    return cursor
  }

  /// A block mapping at `indent`; `firstStart` is where its first key starts on a `- ` line.
  private mutating func mapping(indent: Int, firstStart: Int?) -> YAMLNode? {
    var entries: [YAMLNode.Entry] = []
    entries.reserveCapacity(8)  // grown from empty, most mappings were copied three times
    let startLine = lines[index].number
    var pending = firstStart
    while true {
      let keyStart: Int
      if let first = pending {
        keyStart = first
        pending = nil
      } else {
        skipBlank()
        guard index < lines.count, lines[index].indent == indent else { break }
        let line = lines[index]
        if isSequenceItem(line.start, line.end) { break }
        keyStart = line.start
      }
      let line = lines[index]
      guard let colon = keyEnd(keyStart, line.end) else { return nil }
      let key = string(keyStart, colon)
      guard !entries.contains(where: { $0.key == key }) else { return nil }
      let keyPosition = YAMLNode.Position(line: line.number, column: indent + 1)
      var cursor = colon + 1
      while cursor < line.end, bytes[cursor] == Self.space { cursor += 1 }
      let value: YAMLNode
      if cursor == line.end || bytes[cursor] == Self.hash {
        index += 1
        skipBlank()
        guard index < lines.count else { return nil }
        let next = lines[index]
        if next.indent > indent {
          guard let nested = block(indent: next.indent) else { return nil }
          value = nested
        } else if next.indent == indent, isSequenceItem(next.start, next.end) {
          guard let nested = sequence(indent: indent) else { return nil }
          value = nested
        } else {
          return nil  // an empty value: left to the full parser
        }
      } else {
        guard
          let scalar = inlineValue(
            cursor, line.end, line: line.number, column: indent + (cursor - keyStart) + 1,
            parentIndent: indent)
        else { return nil }
        value = scalar
      }
      entries.append(YAMLNode.Entry(key: key, keyPosition: keyPosition, value: value))
    }
    return .mapping(entries, YAMLNode.Position(line: startLine, column: indent + 1))
  }

  // MARK: Values

  /// A scalar or flow list starting at `start` on the current line; consumes its lines.
  private mutating func inlineValue(
    _ start: Int, _ end: Int, line: Int, column: Int, parentIndent: Int
  ) -> YAMLNode? {
    let position = YAMLNode.Position(line: line, column: column)
    let node: YAMLNode
    switch bytes[start] {
    case Self.quote:
      guard let (value, rest) = doubleQuoted(start + 1, end), isTrailing(rest, end) else { return nil }
      node = .scalar(value, plain: false, position)
    case Self.apostrophe:
      guard let (value, rest) = singleQuoted(start + 1, end), isTrailing(rest, end) else { return nil }
      node = .scalar(value, plain: false, position)
    case Self.pipe:
      return literal(start, end, position: position, parentIndent: parentIndent)
    case Self.openBracket:
      guard let items = flowList(start, end, position: position) else { return nil }
      node = .sequence(items, position)
    default:
      guard let value = plain(start, end) else { return nil }
      node = .scalar(value, plain: true, position)
    }
    index += 1
    // A more indented line after a one-line value would continue or break it.
    var probe = index
    while probe < lines.count, isBlank(lines[probe]) { probe += 1 }
    if probe < lines.count, lines[probe].indent > parentIndent { return nil }
    return node
  }

  private func isTrailing(_ start: Int, _ end: Int) -> Bool {
    var cursor = start
    while cursor < end, bytes[cursor] == Self.space { cursor += 1 }
    return cursor == end || (bytes[cursor] == Self.hash && cursor > start)
  }

  /// Bytes that may not start a plain scalar: `- ? : , [ ] { } # & * ! | > ' " % @` and backtick.
  private static let indicatorTable: [Bool] = {
    var table = [Bool](repeating: false, count: 256)
    for byte in "-?:,[]{}#&*!|>'\"%@`".utf8 { table[Int(byte)] = true }
    return table
  }()

  private static func isIndicator(_ byte: UInt8) -> Bool { indicatorTable[Int(byte)] }

  private func plain(_ start: Int, _ end: Int) -> String? {
    guard !Self.isIndicator(bytes[start]) else { return nil }
    var stop = end
    var cursor = start
    while cursor < end {
      let byte = bytes[cursor]
      if byte == Self.tab { return nil }
      if byte == Self.space, cursor + 1 < end, bytes[cursor + 1] == Self.hash {
        stop = cursor
        break
      }
      if byte == Self.colon, cursor + 1 == end || bytes[cursor + 1] == Self.space { return nil }
      cursor += 1
    }
    while stop > start, bytes[stop - 1] == Self.space { stop -= 1 }
    guard stop > start else { return nil }
    guard let strings else { return string(start, stop) }
    return bytes.withUnsafeBufferPointer {
      strings.string(UnsafeBufferPointer(rebasing: $0[start..<stop]))
    }
  }

  private func singleQuoted(_ start: Int, _ end: Int) -> (String, Int)? {
    var result: [UInt8] = []
    var cursor = start
    while cursor < end {
      if bytes[cursor] == Self.apostrophe {
        if cursor + 1 < end, bytes[cursor + 1] == Self.apostrophe {
          result.append(Self.apostrophe)
          cursor += 2
          continue
        }
        return (String(decoding: result, as: UTF8.self), cursor + 1)
      }
      result.append(bytes[cursor])
      cursor += 1
    }
    return nil
  }

  private func doubleQuoted(_ start: Int, _ end: Int) -> (String, Int)? {
    var result: [UInt8] = []
    var cursor = start
    while cursor < end {
      let byte = bytes[cursor]
      if byte == Self.quote { return (String(decoding: result, as: UTF8.self), cursor + 1) }
      guard byte == Self.backslash else {
        result.append(byte)
        cursor += 1
        continue
      }
      guard cursor + 1 < end else { return nil }
      let escape = bytes[cursor + 1]
      cursor += 2
      switch escape {
      case UInt8(ascii: "n"): result.append(0x0A)
      case UInt8(ascii: "t"): result.append(0x09)
      case UInt8(ascii: "r"): result.append(0x0D)
      case UInt8(ascii: "0"): result.append(0x00)
      case Self.quote, Self.backslash, UInt8(ascii: "/"): result.append(escape)
      case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
        let width = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
        guard cursor + width <= end,
          let value = UInt32(string(cursor, cursor + width), radix: 16),
          let scalar = Unicode.Scalar(value)
        else { return nil }
        result.append(contentsOf: Array(String(Character(scalar)).utf8))
        cursor += width
      default:
        return nil
      }
    }
    return nil
  }

  /// `|` or `|-` followed by lines indented more than the parent.
  private mutating func literal(_ start: Int, _ end: Int, position: YAMLNode.Position, parentIndent: Int)
    -> YAMLNode?
  {
    let header = string(start, end)
    guard header == "|" || header == "|-" else { return nil }
    index += 1
    var collected: [String] = []
    var blockIndent: Int?
    while index < lines.count {
      let line = lines[index]
      if line.start == line.end {
        // Spaces beyond the block's indentation on an empty-looking line are content.
        if line.indent > (blockIndent ?? parentIndent + 1) { return nil }
        collected.append("")
      } else {
        if blockIndent == nil {
          guard line.indent > parentIndent else { break }
          blockIndent = line.indent
        }
        guard let blockIndent, line.indent >= blockIndent else { break }
        collected.append(
          String(repeating: " ", count: line.indent - blockIndent) + string(line.start, line.end))
      }
      index += 1
    }
    // Trailing empty lines belong to the chomping, not to the text.
    while collected.last == "" { collected.removeLast() }
    guard !collected.isEmpty else { return nil }
    var text = collected.joined(separator: "\n")
    if header == "|" { text += "\n" }
    return .scalar(text, plain: false, position)
  }

  /// `[a, b, c]` of plain scalars on one line.
  private func flowList(_ start: Int, _ end: Int, position: YAMLNode.Position) -> [YAMLNode]? {
    var close = end - 1
    while close > start, bytes[close] != Self.closeBracket { close -= 1 }
    guard close > start, isTrailing(close + 1, end) else { return nil }
    var items: [YAMLNode] = []
    var itemStart = start + 1
    var onlySpaces = true
    for cursor in (start + 1)..<close where bytes[cursor] != Self.space { onlySpaces = false }
    if onlySpaces { return [] }
    while itemStart <= close {
      var itemEnd = itemStart
      while itemEnd < close, bytes[itemEnd] != Self.comma { itemEnd += 1 }
      var valueStart = itemStart
      while valueStart < itemEnd, bytes[valueStart] == Self.space { valueStart += 1 }
      var valueEnd = itemEnd
      while valueEnd > valueStart, bytes[valueEnd - 1] == Self.space { valueEnd -= 1 }
      guard valueEnd > valueStart, !Self.isIndicator(bytes[valueStart]) else { return nil }
      for cursor in valueStart..<valueEnd {
        let byte = bytes[cursor]
        if byte == Self.hash || byte == Self.quote || byte == Self.openBracket || byte == 0x7B
          || byte == 0x7D || (byte == Self.colon && cursor + 1 < valueEnd && bytes[cursor + 1] == Self.space)
        {
          return nil
        }
      }
      let column = position.column + scalarCount(start, valueStart)
      items.append(
        .scalar(string(valueStart, valueEnd), plain: true, YAMLNode.Position(line: position.line, column: column)))
      itemStart = itemEnd + 1
    }
    return items
  }
}
