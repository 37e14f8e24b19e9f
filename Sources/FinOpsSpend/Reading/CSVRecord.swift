/// One record of a CSV file as the parser found it: the unquoted bytes of every field, where each
/// field starts, and whether the record broke RFC 4180.
public struct CSVRecord: Sendable {
  /// Every field's bytes, concatenated, with quoting removed.
  public var bytes: [UInt8]
  /// The end offset in `bytes` of each field; field `i` spans `ends[i - 1]..<ends[i]`.
  public var ends: [Int]
  /// The 1-based line and byte column where each field starts, in whole-file coordinates.
  public var starts: [(line: Int, column: Int)]
  /// The 1-based line the record starts on.
  public var line: Int
  /// Why the record is not valid RFC 4180 (a stray quote, an unterminated quoted field); nil
  /// when it is.
  public var problem: String?

  /// Creates a record.
  public init(
    bytes: [UInt8], ends: [Int], starts: [(line: Int, column: Int)], line: Int,
    problem: String? = nil
  ) {
    self.bytes = bytes
    self.ends = ends
    self.starts = starts
    self.line = line
    self.problem = problem
  }

  /// The number of fields.
  public var count: Int { ends.count }

  /// The byte range of field `index` in `bytes`.
  public func range(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : ends[index - 1])..<ends[index]
  }

  /// Field `index` as text (invalid UTF-8 is replaced).
  public func string(_ index: Int) -> String {
    String(decoding: bytes[range(index)], as: UTF8.self)
  }

  /// Every field as text.
  public var strings: [String] { (0..<count).map(string) }
}
