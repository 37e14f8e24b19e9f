/// One record of a CSV file as the parser found it: the unquoted bytes of every field, where each
/// field starts, and whether the record broke RFC 4180.
public struct CSVRecord: Sendable {
  /// The record's bytes with quoting removed; field `i` is `bytes[begins[i]..<ends[i]]`. The
  /// parser copies runs of the line whole, so separators may lie between fields.
  public var bytes: [UInt8]
  /// The start offset in `bytes` of each field.
  public var begins: [Int]
  /// The end offset in `bytes` of each field.
  public var ends: [Int]
  /// The 1-based line and byte column where each field starts, in whole-file coordinates.
  public var starts: [(line: Int, column: Int)]
  /// The 1-based line the record starts on.
  public var line: Int
  /// Why the record is not valid RFC 4180 (a stray quote, an unterminated quoted field); nil
  /// when it is.
  public var problem: String?

  /// Creates a record whose fields are `bytes` concatenated: field `i` spans
  /// `ends[i - 1]..<ends[i]`.
  public init(
    bytes: [UInt8], ends: [Int], starts: [(line: Int, column: Int)], line: Int,
    problem: String? = nil
  ) {
    self.init(
      bytes: bytes, begins: ends.isEmpty ? [] : [0] + ends.dropLast(), ends: ends, starts: starts, line: line,
      problem: problem)
  }

  /// Creates a record whose field `i` is `bytes[begins[i]..<ends[i]]`.
  public init(
    bytes: [UInt8], begins: [Int], ends: [Int], starts: [(line: Int, column: Int)], line: Int,
    problem: String? = nil
  ) {
    self.bytes = bytes
    self.begins = begins
    self.ends = ends
    self.starts = starts
    self.line = line
    self.problem = problem
  }

  /// The number of fields.
  public var count: Int { ends.count }

  /// The byte range of field `index` in `bytes`.
  public func range(_ index: Int) -> Range<Int> {
    begins[index]..<ends[index]
  }

  /// Field `index` as text (invalid UTF-8 is replaced).
  public func string(_ index: Int) -> String {
    String(decoding: bytes[range(index)], as: UTF8.self)
  }

  /// Every field as text.
  public var strings: [String] { (0..<count).map(string) }
}
