import FinOpsCore

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

  /// Splits `text`: it must start with a `---` line and have a closing `---` (or `...`) line.
  /// Scans only as far as the closing delimiter, so a large body costs nothing.
  public static func split(path: String, text: String) -> Result<FrontMatter, Diagnostic> {
    let bytes = text.utf8
    var start = bytes.startIndex
    let byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
    if byteOrderMark { start = bytes.index(start, offsetBy: 3) }
    guard let (opening, afterOpening) = line(in: bytes, from: start), isDelimiter(opening, "---")
    else {
      return .failure(
        .error(
          SourceLocation(path: path, line: 1, column: 1), rule: "frontmatter.missing",
          "a workload file starts with a '---' line that opens its YAML front matter",
          notes: ["see the README's 'The workload file, field by field'"]))
    }
    let lineEnding = opening.last == 0x0D ? "\r\n" : "\n"
    var cursor = afterOpening
    while let (content, next) = line(in: bytes, from: cursor) {
      if isDelimiter(content, "---") || isDelimiter(content, "...") {
        let yaml = String(text[afterOpening..<cursor])
        let body = String(text[next...])
        return .success(
          FrontMatter(
            byteOrderMark: byteOrderMark, lineEnding: lineEnding, yaml: yaml, yamlFirstLine: 2,
            body: body))
      }
      cursor = next
    }
    return .failure(
      .error(
        SourceLocation(path: path, line: 1, column: 1), rule: "frontmatter.unterminated",
        "the front matter opened here is never closed",
        notes: ["end it with a line holding only '---' before the Markdown body"]))
  }

  /// The line starting at `start` without its terminator, and where the next line starts.
  private static func line(in bytes: String.UTF8View, from start: String.Index) -> (
    Substring.UTF8View, String.Index
  )? {
    guard start < bytes.endIndex else { return nil }
    let newline = bytes[start...].firstIndex(of: 0x0A)
    let end = newline ?? bytes.endIndex
    let next = newline.map { bytes.index(after: $0) } ?? bytes.endIndex
    return (Substring(bytes[start..<end]).utf8, next)
  }

  /// Whether a line is exactly the delimiter, allowing trailing spaces and a carriage return.
  private static func isDelimiter(_ line: Substring.UTF8View, _ delimiter: String) -> Bool {
    var content = line[...]
    while let last = content.last, last == 0x0D || last == 0x20 || last == 0x09 {
      content = content.dropLast()
    }
    return content.elementsEqual(delimiter.utf8)
  }
}
