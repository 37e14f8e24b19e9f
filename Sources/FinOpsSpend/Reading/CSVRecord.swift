/// One record of a CSV file as the parser found it: the unquoted bytes of every field, where each
/// field starts, and whether the record broke RFC 4180.
public struct CSVRecord: Sendable {
  /// The record's bytes with quoting removed; field `i` is `bytes[range(i)]`. The parser copies
  /// runs of the line whole, so separators may lie between fields.
  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.bytes, count: used)) }
  /// The bytes (the first `used`) and fields (the first `count`) in the parser's storage, which
  /// the parser writes no more once a record holds it after `emit` returns.
  private let storage: CSVRecordStorage
  private let used: Int
  /// The number of fields.
  public let count: Int
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
    precondition(begins.count == ends.count, "a begin and an end for each field")
    let storage = CSVRecordStorage(byteCapacity: max(bytes.count, 1), fieldCapacity: max(ends.count, 1))
    bytes.withUnsafeBufferPointer { bytes in
      if let base = bytes.baseAddress { storage.bytes.update(from: base, count: bytes.count) }
    }
    for (index, range) in zip(begins, ends).enumerated() {
      precondition(0 <= range.0 && range.0 <= range.1 && range.1 <= bytes.count, "a field inside the bytes")
      let start = starts.indices.contains(index) ? starts[index] : (line: 0, column: 0)
      storage.fields[index] = CSVField(begin: range.0, end: range.1, line: start.line, column: start.column)
    }
    self.init(storage: storage, used: bytes.count, fieldCount: ends.count, line: line, problem: problem)
  }

  init(storage: CSVRecordStorage, used: Int, fieldCount: Int, line: Int, problem: String?) {
    self.storage = storage
    self.used = used
    self.count = fieldCount
    self.line = line
    self.problem = problem
  }

  /// The fields, read in place.
  private var fields: UnsafeBufferPointer<CSVField> { UnsafeBufferPointer(start: storage.fields, count: count) }

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
    precondition(index >= 0 && index < count, "field \(index) of a record of \(count)")
    return fields[index].begin..<fields[index].end
  }

  /// Field `index` as text (invalid UTF-8 is replaced).
  public func string(_ index: Int) -> String {
    withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[range(index)]), as: UTF8.self) }
  }

  /// Calls `body` with the record's bytes, in place.
  func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: storage.bytes, count: used)) }
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

/// The bytes and fields of a record, in memory the parser writes through pointers while it is
/// the storage's only owner. (The bytes could be a `ByteBuffer`, as the renderer's are; reached
/// through it, every field's offset took one more load, and reading an export 6 % more
/// instructions.)
final class CSVRecordStorage: @unchecked Sendable {
  // Only the parser writes these, and only while it holds the sole reference.
  @exclusivity(unchecked) private(set) var bytes: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var byteCapacity: Int
  @exclusivity(unchecked) private(set) var fields: UnsafeMutablePointer<CSVField>
  @exclusivity(unchecked) private(set) var fieldCapacity: Int

  init(byteCapacity: Int = 4096, fieldCapacity: Int = 64) {
    bytes = .allocate(capacity: byteCapacity)
    self.byteCapacity = byteCapacity
    fields = .allocate(capacity: fieldCapacity)
    self.fieldCapacity = fieldCapacity
  }

  deinit {
    bytes.deallocate()
    fields.deallocate()
  }

  /// A storage of its own with the first `used` bytes and `count` fields of this one.
  func copy(used: Int, count: Int) -> CSVRecordStorage {
    let copy = CSVRecordStorage(byteCapacity: byteCapacity, fieldCapacity: fieldCapacity)
    copy.bytes.update(from: bytes, count: used)
    copy.fields.update(from: fields, count: count)
    return copy
  }

  /// Room for at least `needed` bytes, the first `used` kept.
  func growBytes(to needed: Int, keeping used: Int) {
    let capacity = max(needed, 2 * byteCapacity)
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    grown.update(from: bytes, count: used)
    bytes.deallocate()
    bytes = grown
    byteCapacity = capacity
  }

  /// Room for twice as many fields, the first `count` kept.
  func growFields(keeping count: Int) {
    let capacity = 2 * fieldCapacity
    let grown = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
    grown.update(from: fields, count: count)
    fields.deallocate()
    fields = grown
    fieldCapacity = capacity
  }
}
