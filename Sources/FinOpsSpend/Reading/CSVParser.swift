import FinOpsCore
/// An incremental RFC 4180 parser over bytes: feed it chunks of any size, get whole records.
///
/// Fields are separated by `,` and records by CRLF, LF or a lone CR. A field that starts with
/// `"` is quoted: it may hold commas, line breaks and doubled quotes (`""` for one `"`). A UTF-8
/// byte order mark at the very start is dropped. Memory is the largest record, never the file.
/// Departures from RFC 4180 do not stop parsing; the record carries a `problem` instead:
/// a quote inside an unquoted field, text after a closing quote, an unterminated quoted field.
/// An empty line is a record of one empty field (the caller reports its wrong field count); the
/// line break that ends the last record does not start another.
public struct CSVParser: Sendable {
  private enum State: Sendable {
    /// At the start of a field.
    case fieldStart
    /// Inside an unquoted field.
    case unquoted
    /// Inside a quoted field.
    case quoted
    /// Just read a quote inside a quoted field: a doubled quote or the closing one.
    case quoteInQuoted
    /// After the closing quote, expecting a separator.
    case afterQuoted
  }

  private var state = State.fieldStart
  /// The current record's bytes (the first `used`) and fields (the first `fieldCount`), written
  /// through pointers: an `Array` append checks its sole ownership each time, which cost more
  /// than the rest of handling a field. Whether a record kept the storage is checked once per
  /// record instead (see `endRecord`).
  private var storage = CSVRecordStorage()
  private var used = 0
  private var fieldCount = 0
  /// The field being read, until it ends: where its bytes begin in the record's, and the line
  /// and column of its first byte (`fieldStarted` false: none seen yet).
  private var fieldBegin = 0
  private var fieldLine = 0
  private var fieldColumn = 0
  private var fieldStarted = false
  private var problem: String?
  private var line = 1
  /// Bytes parsed before the current chunk (the byte order mark not counted).
  private var consumed = 0
  /// Where the current line starts, counted like `consumed`: a byte's column is its distance
  /// from here, plus one.
  private var lineStart = 0
  private var recordLine = 1
  private var quoteLine = 1
  private var pendingCR = false
  private var quotedCR = false
  private var atFileStart = true
  private var head: [UInt8] = []
  private var recordOpen = false

  /// Creates a parser at the start of a file.
  public init() {}

  /// The 1-based line the parser has reached.
  public var currentLine: Int { line }

  /// Parses a chunk, calling `emit` for every record it completes.
  public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (CSVRecord) -> Void) {
    ownStorage()
    guard atFileStart else {
      parse(chunk, emit)
      return
    }
    // Hold the first three bytes, which may be a byte order mark split across chunks.
    var index = 0
    while head.count < 3, index < chunk.count {
      head.append(chunk[index])
      index += 1
    }
    guard head.count == 3 || !Self.bom.starts(with: head) else { return }
    releaseHead(emit)
    parse(UnsafeBufferPointer(rebasing: chunk[index...]), emit)
  }

  private mutating func releaseHead(_ emit: (CSVRecord) -> Void) {
    atFileStart = false
    let held = head
    head = []
    guard held != Self.bom else { return }
    held.withUnsafeBufferPointer { parse($0, emit) }
  }

  // The bytes of a record are not copied field by field: `run` marks the first byte of the chunk
  // not yet copied to `storage`, and a run of the line (fields, separators between them and all)
  // is copied whole when a byte must be left out (a quote, the line break) or the chunk ends.
  // A field's offsets in the record's bytes are then `used + (index - run)`. A few calls per record
  // instead of one per field, and one element appended per field when it ends: this loop is
  // most of the time it takes to read an export.
  private mutating func parse(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (CSVRecord) -> Void) {
    var index = 0
    var run = 0
    let count = chunk.count
    /// Copies the pending run up to `end` (exclusive).
    func flush(_ end: Int) {
      if end > run { write(UnsafeBufferPointer(rebasing: chunk[run..<end])) }
    }
    while index < count {
      let byte = chunk[index]
      if pendingCR {
        pendingCR = false
        if byte == Self.lf {
          // The LF of a CRLF: the line starts after it. Nothing of it is copied.
          index += 1
          run = index
          lineStart += 1
          continue
        }
      }
      switch state {
      case .fieldStart, .unquoted:
        // Unquoted fields one after another without going round the outer loop, whose switch
        // on the state mispredicts: most fields of an export are unquoted.
        var atStart = state == .fieldStart
        fields: while true {
          if atStart {
            if !recordOpen {
              recordOpen = true
              recordLine = line
            }
            fieldLine = line
            fieldColumn = consumed + index - lineStart + 1
            fieldStarted = true
            if chunk[index] == Self.quote {
              flush(index)
              index += 1
              run = index
              fieldBegin = used
              state = .quoted
              quoteLine = line
              break fields
            }
            fieldBegin = used + index - run
            state = .unquoted
          }
          index = Self.skipOrdinary(chunk, from: index, quoted: false)
          guard index < count else { break fields }
          let special = chunk[index]
          switch special {
          case Self.comma:
            endField(used + index - run)
            index += 1
            atStart = true
            guard index < count else { break fields }
          case Self.lf, Self.cr:
            endField(used + index - run)
            flush(index)
            endRecord(emit)
            newLine(at: index, afterCR: special == Self.cr)
            index += 1
            run = index
            break fields
          default:
            // Kept in the field, as written.
            note("a quote inside an unquoted field (quote the whole field and double the quote)")
            index += 1
            atStart = false
            guard index < count else { break fields }
          }
        }
      case .quoted:
        let runStart = index
        index = Self.skipOrdinary(chunk, from: index, quoted: true)
        if index > runStart { quotedCR = false }
        guard index < count else { break }
        let special = chunk[index]
        if special == Self.quote {
          // Either the closing quote or the first of a doubled one: left out either way.
          quotedCR = false
          flush(index)
          index += 1
          run = index
          state = .quoteInQuoted
        } else {
          // A line break inside quotes is kept as is; a CRLF counts as one line break.
          if special == Self.cr || !quotedCR { line += 1 }
          lineStart = consumed + index + 1
          quotedCR = special == Self.cr
          index += 1
        }
      case .quoteInQuoted:
        if byte == Self.quote {
          // The second quote of a doubled one: the pending run starts with it, so it is kept.
          state = .quoted
          index += 1
        } else {
          state = .afterQuoted
        }
      case .afterQuoted:
        switch byte {
        case Self.comma:
          endField(used + index - run)
          index += 1
        case Self.lf, Self.cr:
          endField(used + index - run)
          flush(index)
          endRecord(emit)
          newLine(at: index, afterCR: byte == Self.cr)
          index += 1
          run = index
        default:
          note("text after a closing quote (a quoted field must end at a comma or line break)")
          index += 1
        }
      }
    }
    flush(count)
    consumed += count
  }

  /// Ends the input: emits the last record when the file does not end with a line break.
  public mutating func finish(_ emit: (CSVRecord) -> Void) {
    ownStorage()
    if atFileStart { releaseHead(emit) }
    switch state {
    case .quoted:
      note("a quoted field that starts on line \(quoteLine) is never closed")
      endField(used)
      endRecord(emit)
    case .fieldStart where !recordOpen:
      break
    default:
      endField(used)
      endRecord(emit)
    }
  }

  /// Makes the storage this parser's own before writing to it: a copy of the parser shares it.
  private mutating func ownStorage() {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(used: used, count: fieldCount) }
  }

  private mutating func note(_ text: String) {
    if problem == nil { problem = text }
  }

  /// Starts a line after the line break at `index` of the current chunk.
  private mutating func newLine(at index: Int, afterCR: Bool) {
    line += 1
    lineStart = consumed + index + 1
    pendingCR = afterCR
  }

  /// Copies `run` after the current record's bytes.
  private mutating func write(_ run: UnsafeBufferPointer<UInt8>) {
    let needed = used + run.count
    if needed > storage.byteCapacity { storage.growBytes(to: needed, keeping: used) }
    (storage.bytes + used).update(from: run.baseAddress!, count: run.count)
    used = needed
  }

  /// Ends the current field at offset `end` of the record's bytes (as copied or about to be).
  private mutating func endField(_ end: Int) {
    // A field ended before any of its bytes was seen (a trailing comma at the end of the file)
    // is empty, and has no start position.
    if fieldCount == storage.fieldCapacity { storage.growFields(keeping: fieldCount) }
    storage.fields[fieldCount] =
      fieldStarted
      ? CSVField(begin: fieldBegin, end: end, line: fieldLine, column: fieldColumn)
      : CSVField(begin: end, end: end, line: 0, column: 0)
    fieldCount += 1
    fieldStarted = false
    state = .fieldStart
  }

  private mutating func endRecord(_ emit: (CSVRecord) -> Void) {
    emitRecord(emit)
    // The record passed to `emit` is gone by now, so the buffers are unique and keep capacity.
    used = 0
    fieldCount = 0
    // A record that was kept (not only read while `emit` ran) keeps the storage as it was.
    if !isKnownUniquelyReferenced(&storage) { storage = CSVRecordStorage() }
    problem = nil
    recordOpen = false
    state = .fieldStart
  }

  private func emitRecord(_ emit: (CSVRecord) -> Void) {
    emit(CSVRecord(storage: storage, used: used, fieldCount: fieldCount, line: recordLine, problem: problem))
  }

  /// The index of the first byte from `start` that ends a run: `,` `"` LF or CR outside quotes,
  /// `"` LF or CR inside them; `chunk.count` when there is none.
  ///
  /// Eight bytes at a time: a word with no byte below `,` (or below `#` inside quotes) is skipped
  /// whole, which is most words of an export; otherwise the lowest byte that equals one of the
  /// special bytes is found with the "has a zero byte" bit trick, exactly (false positives only
  /// ever appear above a true one).
  @inline(__always)
  private static func skipOrdinary(_ chunk: UnsafeBufferPointer<UInt8>, from start: Int, quoted: Bool)
    -> Int
  {
    var index = start
    let count = chunk.count
    if let base = chunk.baseAddress {
      let raw = UnsafeRawPointer(base)
      let below = quoted ? quote + 1 : comma + 1
      while index + 8 <= count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        // Some byte is below `below` (all bytes of an export are below 0x80 or UTF-8, whose
        // high bit makes `~word` clear the flag).
        guard ByteWord.below(word, below) != 0 else {
          index += 8
          continue
        }
        var found =
          ByteWord.equal(word, quote) | ByteWord.equal(word, lf) | ByteWord.equal(word, cr)
        if !quoted { found |= ByteWord.equal(word, comma) }
        guard found != 0 else {
          index += 8
          continue
        }
        return index + found.trailingZeroBitCount / 8
      }
    }
    while index < count {
      let next = chunk[index]
      if next == quote || next == lf || next == cr || (!quoted && next == comma) { break }
      index += 1
    }
    return index
  }

  private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")
  private static let lf = UInt8(ascii: "\n")
  private static let cr = UInt8(ascii: "\r")
}
