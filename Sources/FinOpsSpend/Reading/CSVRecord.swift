/// One record of a CSV file as the parser found it: the unquoted bytes of every field, where each
/// field starts, and whether the record broke RFC 4180.
public struct CSVRecord: Sendable {
  /// The record's bytes with quoting removed; field `i` is `bytes[range(i)]`. The parser copies
  /// runs of the line whole, so separators may lie between fields.
  public var bytes: [UInt8] { Array(storage[..<used]) }
  /// The bytes: the first `used` of `storage` (the parser's buffer, larger than the record).
  private let storage: [UInt8]
  private let used: Int
  /// Each field's bytes and start, in one array: the parser appends one element per field.
  var fields: [CSVField]
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

  /// Creates a record whose field `i` is `bytes[begins[i]..<ends[i]]` and starts at `starts[i]`
  /// (a field past the end of `starts` has no start).
  public init(
    bytes: [UInt8], begins: [Int], ends: [Int], starts: [(line: Int, column: Int)], line: Int,
    problem: String? = nil
  ) {
    let fields = zip(begins, ends).enumerated().map { index, range in
      let start = starts.indices.contains(index) ? starts[index] : (line: 0, column: 0)
      return CSVField(begin: range.0, end: range.1, line: start.line, column: start.column)
    }
    self.init(storage: bytes, used: bytes.count, fields: fields, line: line, problem: problem)
  }

  init(storage: [UInt8], used: Int, fields: [CSVField], line: Int, problem: String?) {
    self.storage = storage
    self.used = used
    self.fields = fields
    self.line = line
    self.problem = problem
  }

  /// The number of fields.
  public var count: Int { fields.count }

  /// The start offset in `bytes` of each field.
  public var begins: [Int] { fields.map(\.begin) }

  /// The end offset in `bytes` of each field.
  public var ends: [Int] { fields.map(\.end) }

  /// The 1-based line and byte column where each field starts, in whole-file coordinates (the
  /// empty field after a comma that ends the file has none).
  public var starts: [(line: Int, column: Int)] {
    fields.compactMap { $0.column > 0 ? ($0.line, $0.column) : nil }
  }

  /// Where field `index` starts; nil for a field with no start or none at all.
  public func start(_ index: Int) -> (line: Int, column: Int)? {
    guard fields.indices.contains(index), fields[index].column > 0 else { return nil }
    return (fields[index].line, fields[index].column)
  }

  /// The byte range of field `index` in `bytes`.
  public func range(_ index: Int) -> Range<Int> {
    fields[index].begin..<fields[index].end
  }

  /// Field `index` as text (invalid UTF-8 is replaced).
  public func string(_ index: Int) -> String {
    String(decoding: storage[range(index)], as: UTF8.self)
  }

  /// Calls `body` with the record's bytes, in place.
  func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<used])) }
  }

  /// Every field as text.
  public var strings: [String] { (0..<count).map(string) }
}

/// Where one field of a record lies in its bytes, and where it starts in the file.
struct CSVField: Sendable {
  /// The field's bytes in the record's: `begin..<end`.
  var begin: Int
  var end: Int
  /// The 1-based line and byte column of its first byte; column 0 when it has none.
  var line: Int
  var column: Int
}
