/// Where each field of a decoded record was written, so semantic rules can point at values.
///
/// Keys are field paths such as `components[0].approval.region`; a path with no position falls
/// back to its nearest ancestor that has one, then to the start of the file. Positions are looked
/// up on demand (only when a diagnostic needs one), so decoding records nothing.
public struct SourceMap: Sendable {
  /// The file's repository-relative path.
  public var path: String
  private let lookup: @Sendable (String) -> Position?

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

  /// Creates a map for a file from a function that finds a field's position.
  public init(path: String, lookup: @escaping @Sendable (String) -> Position? = { _ in nil }) {
    self.path = path
    self.lookup = lookup
  }

  /// The location of `field`, or of its nearest ancestor with a position.
  public func location(_ field: String) -> SourceLocation {
    var key = Substring(field)
    while true {
      if let position = lookup(String(key)) {
        return SourceLocation(path: path, line: position.line, column: position.column)
      }
      guard let cut = key.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
      key = key[..<cut]
    }
    return SourceLocation(path: path, line: 1, column: 1)
  }
}
