/// Where each field of a decoded record was written, so semantic rules can point at values.
///
/// Keys are field paths such as `components[0].approval.region`; a path with no entry falls back
/// to its nearest recorded ancestor, then to the start of the file.
public struct SourceMap: Sendable, Hashable {
  /// The file's repository-relative path.
  public var path: String
  private var positions: [String: Position]

  /// A line and column.
  public struct Position: Sendable, Hashable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }
  }

  /// Creates an empty map for a file.
  public init(path: String) {
    self.path = path
    positions = [:]
  }

  /// Records where the value at `field` starts.
  public mutating func record(_ field: String, line: Int, column: Int) {
    positions[field] = Position(line: line, column: column)
  }

  /// The location of `field`, or of its nearest recorded ancestor.
  public func location(_ field: String) -> SourceLocation {
    var key = Substring(field)
    while true {
      if let position = positions[String(key)] {
        return SourceLocation(path: path, line: position.line, column: position.column)
      }
      guard let cut = key.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      key = key[..<cut]
    }
    return SourceLocation(path: path, line: 1, column: 1)
  }
}
