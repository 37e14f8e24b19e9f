import FinOpsCore
import Foundation

/// A Markdown file split into its YAML front matter and its body, with the file's conventions
/// (byte-order mark, line ending) kept so the tool can write it back unchanged around the record.
public struct FrontMatter: Sendable, Hashable {
  /// Whether the file started with a UTF-8 byte-order mark.
  public var byteOrderMark: Bool
  /// The line ending of the opening delimiter line: `\n` or `\r\n`.
  public var lineEnding: String
  /// The YAML between the delimiters.
  public var yaml: String
  /// The file line on which the YAML starts (the line after the opening `---`).
  public var yamlFirstLine: Int
  /// Everything after the closing delimiter line, byte for byte.
  public var body: String

  /// Creates a split file.
  public init(byteOrderMark: Bool, lineEnding: String, yaml: String, yamlFirstLine: Int, body: String)
  {
    self.byteOrderMark = byteOrderMark
    self.lineEnding = lineEnding
    self.yaml = yaml
    self.yamlFirstLine = yamlFirstLine
    self.body = body
  }

  /// The conventions of a new file: no byte-order mark, `\n` line endings, this body.
  public init(newFileWithBody body: String) {
    self.init(byteOrderMark: false, lineEnding: "\n", yaml: "", yamlFirstLine: 2, body: body)
  }

  /// Splits `text`: it must start with a `---` line and have a closing `---` (or `...`) line.
  /// Scans only as far as the closing delimiter, so a large body costs nothing.
  public static func split(path: String, text: String) -> Result<FrontMatter, Diagnostic> {
    var text = text
    text.makeContiguousUTF8()
    let found = text.utf8.withContiguousStorageIfAvailable { delimiters(in: $0) } ?? nil
    guard let found else {
      let rule = startsWithDelimiter(text) ? "frontmatter.unterminated" : "frontmatter.missing"
      let location = SourceLocation(path: path, line: 1, column: 1)
      return .failure(
        rule == "frontmatter.missing"
          ? .error(
            location, rule: rule,
            "a workload file starts with a '---' line that opens its YAML front matter",
            notes: ["see the README's 'The workload file, field by field'"])
          : .error(
            location, rule: rule, "the front matter opened here is never closed",
            notes: ["end it with a line holding only '---' before the Markdown body"]))
    }
    let utf8 = text.utf8
    let index = { (offset: Int) in utf8.index(utf8.startIndex, offsetBy: offset) }
    return .success(
      FrontMatter(
        byteOrderMark: found.byteOrderMark, lineEnding: found.crlf ? "\r\n" : "\n",
        yaml: String(text[index(found.yamlStart)..<index(found.yamlEnd)]), yamlFirstLine: 2,
        body: String(text[index(found.bodyStart)...])))
  }

  private struct Delimiters {
    var byteOrderMark: Bool
    var crlf: Bool
    var yamlStart: Int
    var yamlEnd: Int
    var bodyStart: Int
  }

  /// Byte offsets of the YAML and the body, or nil when the front matter is missing or open.
  private static func delimiters(in bytes: UnsafeBufferPointer<UInt8>) -> Delimiters? {
    var start = 0
    let byteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    if byteOrderMark { start = 3 }
    guard let (openEnd, afterOpen) = lineEnd(bytes, from: start),
      isDelimiter(bytes, start, openEnd, dashes: true)
    else { return nil }
    let crlf = openEnd > start && bytes[openEnd - 1] == 0x0D
    var cursor = afterOpen
    while let (end, next) = lineEnd(bytes, from: cursor) {
      // A closing line starts with `-` or `.`; the YAML's lines almost never do.
      let first = bytes[cursor]
      if (first == 0x2D || first == 0x2E)
        && (isDelimiter(bytes, cursor, end, dashes: true)
          || isDelimiter(bytes, cursor, end, dashes: false))
      {
        return Delimiters(
          byteOrderMark: byteOrderMark, crlf: crlf, yamlStart: afterOpen, yamlEnd: cursor,
          bodyStart: next)
      }
      cursor = next
    }
    return nil
  }

  /// The end of the line starting at `start` (before its `\n`) and where the next one starts.
  private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    // memchr, not a loop over bytes: it looks at many bytes at once, and this runs over every
    // line of every version `audit` reads.
    guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
      return (bytes.count, bytes.count)
    }
    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    return (end, end + 1)
  }

  /// Whether a line is exactly `---` (or `...`), allowing trailing blanks and a carriage return.
  private static func isDelimiter(
    _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, dashes: Bool
  ) -> Bool {
    var last = end
    while last > start, bytes[last - 1] == 0x0D || bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 {
      last -= 1
    }
    let mark: UInt8 = dashes ? 0x2D : 0x2E
    return last - start == 3 && bytes[start] == mark && bytes[start + 1] == mark
      && bytes[start + 2] == mark
  }

  private static func startsWithDelimiter(_ text: String) -> Bool {
    var line = text.prefix { $0 != "\n" && $0 != "\r\n" }
    if line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
    return line.trimmingCharacters(in: .whitespaces) == "---"
  }
}
