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
  private var bytes: [UInt8] = []
  private var ends: [Int] = []
  private var starts: [(line: Int, column: Int)] = []
  private var problem: String?
  private var line = 1
  private var column = 1
  private var recordLine = 1
  private var quoteLine = 1
  private var pendingCR = false
  private var quotedCR = false
  private var atFileStart = true
  private var head: [UInt8] = []
  private var recordOpen = false

  /// Creates a parser at the start of a file.
  public init() {
    bytes.reserveCapacity(4096)
    ends.reserveCapacity(64)
    starts.reserveCapacity(64)
  }

  /// The 1-based line the parser has reached.
  public var currentLine: Int { line }

  /// Parses a chunk, calling `emit` for every record it completes.
  public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (CSVRecord) -> Void) {
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

  private mutating func parse(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (CSVRecord) -> Void) {
    var index = 0
    let count = chunk.count
    while index < count {
      let byte = chunk[index]
      if pendingCR {
        pendingCR = false
        if byte == Self.lf {
          index += 1
          continue
        }
      }
      switch state {
      case .fieldStart, .unquoted:
        if state == .fieldStart {
          if !recordOpen {
            recordOpen = true
            recordLine = line
          }
          starts.append((line, column))
          if byte == Self.quote {
            state = .quoted
            quoteLine = line
            index += 1
            column += 1
            continue
          }
          state = .unquoted
        }
        // Copy the run of ordinary bytes in one go. Every special byte is at most a comma, so
        // most bytes (digits, letters, `-`, `.`, `:`, `/`) take a single comparison.
        var end = index
        while end < count {
          let next = chunk[end]
          if next <= Self.comma,
            next == Self.comma || next == Self.lf || next == Self.cr || next == Self.quote
          {
            break
          }
          end += 1
        }
        if end > index {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<end]))
          column += end - index
          index = end
          continue
        }
        index += 1
        switch byte {
        case Self.comma:
          endField()
          column += 1
        case Self.lf, Self.cr:
          endField()
          endRecord(emit)
          newLine(afterCR: byte == Self.cr)
        default:
          note("a quote inside an unquoted field (quote the whole field and double the quote)")
          bytes.append(byte)
          column += 1
        }
      case .quoted:
        var end = index
        while end < count {
          let next = chunk[end]
          if next <= Self.quote, next == Self.quote || next == Self.lf || next == Self.cr { break }
          end += 1
        }
        if end > index {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<end]))
          column += end - index
          index = end
          quotedCR = false
          continue
        }
        index += 1
        if byte == Self.quote {
          quotedCR = false
          state = .quoteInQuoted
          column += 1
        } else {
          bytes.append(byte)
          // A CRLF inside quotes is kept as is and counts as one line break.
          if byte == Self.cr || (byte == Self.lf && !quotedCR) {
            line += 1
            column = 1
          }
          quotedCR = byte == Self.cr
          continue
        }
      case .quoteInQuoted:
        if byte == Self.quote {
          bytes.append(Self.quote)
          state = .quoted
          index += 1
          column += 1
        } else {
          state = .afterQuoted
        }
      case .afterQuoted:
        index += 1
        switch byte {
        case Self.comma:
          endField()
          column += 1
        case Self.lf, Self.cr:
          endField()
          endRecord(emit)
          newLine(afterCR: byte == Self.cr)
        default:
          note("text after a closing quote (a quoted field must end at a comma or line break)")
          bytes.append(byte)
          column += 1
        }
      }
    }
  }

  /// Ends the input: emits the last record when the file does not end with a line break.
  public mutating func finish(_ emit: (CSVRecord) -> Void) {
    if atFileStart { releaseHead(emit) }
    switch state {
    case .quoted:
      note("a quoted field that starts on line \(quoteLine) is never closed")
      endField()
      endRecord(emit)
    case .fieldStart where !recordOpen:
      break
    default:
      endField()
      endRecord(emit)
    }
  }

  private mutating func note(_ text: String) {
    if problem == nil { problem = text }
  }

  private mutating func newLine(afterCR: Bool) {
    line += 1
    column = 1
    pendingCR = afterCR
  }

  private mutating func endField() {
    ends.append(bytes.count)
    state = .fieldStart
  }

  private mutating func endRecord(_ emit: (CSVRecord) -> Void) {
    emitRecord(emit)
    // The record passed to `emit` is gone by now, so the buffers are unique and keep capacity.
    bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
    problem = nil
    recordOpen = false
    state = .fieldStart
  }

  private func emitRecord(_ emit: (CSVRecord) -> Void) {
    emit(CSVRecord(bytes: bytes, ends: ends, starts: starts, line: recordLine, problem: problem))
  }

  private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
  private static let comma = UInt8(ascii: ",")
  private static let quote = UInt8(ascii: "\"")
  private static let lf = UInt8(ascii: "\n")
  private static let cr = UInt8(ascii: "\r")
}
