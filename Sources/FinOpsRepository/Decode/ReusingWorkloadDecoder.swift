import FinOpsCore
import Foundation

/// Decodes versions of workload files one after another, as `audit` reads them from history
/// (newest first), reusing what the version of the same file decoded before it gave wherever a
/// piece of its text is byte for byte unchanged. Neighbouring versions differ by one transition:
/// a status line, one history entry, one section added or changed; so going back, an older
/// version is mostly pieces of the newer one (and going forward, the same holds). With one
/// component in most files, reusing whole components would save little, hence pieces. The pieces
/// nothing decoded before, the newest version of each file above all, are read by the fast
/// paths below, or by the parser. `decodeAlone` reads a file the same way with nothing to reuse:
/// `WorkloadDecoder.decode` tries it first for every file.
///
/// A piece is one entry of the workload, one entry of a component, or one history entry: a line
/// and the lines indented below it. The fast path takes only front matter the fast YAML parser
/// reads line by line (no blank or comment lines, no carriage returns, block-style components
/// and history), where a piece's lines parse to the same values alone as in the whole file. It
/// returns a result only when the skeleton has exactly the known keys once each and every piece
/// decodes without any diagnostic; then the full decode finds nothing either and builds the same
/// record. Anything else, every problem and every unusual layout, goes to `WorkloadDecoder`.
final class ReusingWorkloadDecoder: @unchecked Sendable {
  private let lock = NSLock()
  /// Per path, the pieces of the version decoded last, in the order they were read.
  private var memos: [String: Memo] = [:]
  private var reusedCount = 0

  /// Creates a decoder that remembers nothing yet.
  init() {}

  /// How many pieces were reused instead of decoded, so far.
  var reusedPieces: Int { lock.withLock { reusedCount } }

  /// Decodes `text`, the content of the file at `path`, exactly as `WorkloadDecoder.decode`.
  func decode(path: String, text: String) -> WorkloadDecoder.Outcome {
    guard case .success(let frontMatter) = FrontMatter.split(path: path, text: text) else {
      return WorkloadDecoder.decode(path: path, text: text)
    }
    let previous = lock.withLock { memos[path] } ?? Memo()
    var reader = PieceReader(
      yaml: Array(frontMatter.yaml.utf8), previous: previous, remembers: true, strings: nil)
    guard let workload = reader.workload(slug: WorkloadDecoder.slug(of: path)) else {
      return WorkloadDecoder.decodeFully(path: path, frontMatter: frontMatter)
    }
    lock.withLock {
      memos[path] = reader.memo
      reusedCount += reader.reused
    }
    return WorkloadDecoder.clean(path: path, workload: workload, frontMatter: frontMatter)
  }

  /// The record of the front matter of the file at `path`, read piece by piece on the fast paths
  /// with no earlier version to reuse; plain texts that repeat from file to file shared through
  /// `strings` when given. Nil when anything is outside the fast path (any diagnostic among it):
  /// then `WorkloadDecoder.decodeFully` reads the file. When not nil, it is the record the full
  /// decode gives, and the full decode has no diagnostic for the file.
  static func decodeAlone(path: String, frontMatter: FrontMatter, strings: StringCache?)
    -> Workload?
  {
    var reader = PieceReader(
      yaml: Array(frontMatter.yaml.utf8), previous: Memo(), remembers: false, strings: strings)
    return reader.workload(slug: WorkloadDecoder.slug(of: path))
  }

  /// The status a component's `status: value` line names, read without the YAML parser: nil
  /// unless the line (after its indentation) is exactly `status: `, a value of lowercase letters
  /// and hyphens, and `\n`. Such a value is a plain scalar whose text is itself, so when it names
  /// a status this is what parsing and `NodeReader` give, with no diagnostic; anything else goes
  /// through the parser. A transition rewrites this line in every new version.
  static func statusLine(_ bytes: ArraySlice<UInt8>) -> Status? {
    let text = bytes.drop { $0 == 0x20 }
    let key = "status: ".utf8
    guard text.starts(with: key), text.last == 0x0A else { return nil }
    let value = text.dropFirst(key.count).dropLast()
    guard value.allSatisfy({ (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "-") }) else {
      return nil
    }
    return value.withUnsafeBufferPointer { statuses.value($0) }
  }

  /// A history entry read straight from its bytes, without the YAML parser: nil unless the
  /// piece is `- key: value` then `key: value` lines two columns further in, each key a known
  /// field once, each value ASCII text that the fast parser takes as a plain scalar of exactly
  /// those bytes (no leading indicator, no `#`, no `: ` or final `:`, no trailing space), and
  /// every value one that `NodeReader.historyEntry` accepts without a diagnostic. Then parsing
  /// and reading give this same entry; anything else (a diagnostic among it) goes through the
  /// parser. Every version of a file an audit meets first has all its entries to read.
  static func historyEntry(_ piece: ArraySlice<UInt8>, strings: StringCache? = nil)
    -> HistoryEntry?
  {
    piece.withUnsafeBufferPointer { bytes -> HistoryEntry? in
      // Each field's value as a range of bytes, in `historyFields` order: at, transition, from,
      // to, by, persona, step, reason. Strings are made only for what the entry keeps as text.
      var values: (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?,
        Range<Int>?, Range<Int>?) = (nil, nil, nil, nil, nil, nil, nil, nil)
      var lineStart = 0
      var indent = 0
      while lineStart < bytes.count {
        var cursor = lineStart
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        if lineStart == 0 {
          // `- ` then the first key, two columns in from the dash.
          guard cursor + 2 < bytes.count, bytes[cursor] == UInt8(ascii: "-"),
            bytes[cursor + 1] == 0x20
          else { return nil }
          indent = cursor - lineStart + 2
          cursor += 2
        } else if cursor - lineStart != indent {
          return nil
        }
        let keyStart = cursor
        while cursor < bytes.count, (0x61...0x7A).contains(bytes[cursor]) || bytes[cursor] == 0x5F {
          cursor += 1
        }
        let keyEnd = cursor
        guard keyEnd > keyStart, cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: ":"),
          bytes[cursor + 1] == 0x20
        else { return nil }
        cursor += 2
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        let valueStart = cursor
        guard let lineEnd = plainValueEnd(bytes, from: valueStart) else { return nil }
        let value = valueStart..<lineEnd
        func take(_ slot: inout Range<Int>?) -> Bool {
          guard slot == nil else { return false }
          slot = value
          return true
        }
        let taken: Bool
        switch Self.historyField(UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])) {
        case 0: taken = take(&values.0)
        case 1: taken = take(&values.1)
        case 2: taken = take(&values.2)
        case 3: taken = take(&values.3)
        case 4: taken = take(&values.4)
        case 5: taken = take(&values.5)
        case 6: taken = take(&values.6)
        case 7: taken = take(&values.7)
        default: taken = false
        }
        guard taken else { return nil }
        lineStart = lineEnd + 1
      }
      /// A text the entry keeps, shared through `strings` when given.
      func kept(_ range: Range<Int>) -> String { Self.text(bytes, range, strings) }
      func named<T>(_ range: Range<Int>, _ table: ClosedSetBytes<T>) -> T? {
        table.value(UnsafeBufferPointer(rebasing: bytes[range]))
      }
      guard let atRange = values.0,
        let at = Timestamp(utf8: UnsafeBufferPointer(rebasing: bytes[atRange])),
        let transitionRange = values.1, let transition = named(transitionRange, Self.transitions),
        let toRange = values.3, let to = named(toRange, Self.statuses),
        let byRange = values.4, case let by = kept(byRange), Identifiers.isEmail(by),
        let personaRange = values.5, let persona = named(personaRange, Self.personas)
      else { return nil }
      var from: Status?
      if let range = values.2 {
        guard let status = named(range, Self.statuses) else { return nil }
        from = status
      }
      var step: ImplementationStep?
      if let range = values.6 {
        guard let value = named(range, Self.steps) else { return nil }
        step = value
      }
      return HistoryEntry(
        at: at, transition: transition, from: from, to: to, by: by, persona: persona,
        step: step, reason: values.7.map(kept))
    }
  }

  private static let transitions = ClosedSetBytes<Transition>()
  private static let statuses = ClosedSetBytes<Status>()
  private static let personas = ClosedSetBytes<Persona>()
  private static let steps = ClosedSetBytes<ImplementationStep>()

  /// The index in `WorkloadDecoder.historyFields` of a key, told by its length and first byte
  /// and then compared whole; nil for any other key.
  static func historyField(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let first = key.first else { return nil }
    let candidate: Int
    switch (key.count, first) {
    case (2, UInt8(ascii: "a")): candidate = 0  // at
    case (10, UInt8(ascii: "t")): candidate = 1  // transition
    case (4, UInt8(ascii: "f")): candidate = 2  // from
    case (2, UInt8(ascii: "t")): candidate = 3  // to
    case (2, UInt8(ascii: "b")): candidate = 4  // by
    case (7, UInt8(ascii: "p")): candidate = 5  // persona
    case (4, UInt8(ascii: "s")): candidate = 6  // step
    case (6, UInt8(ascii: "r")): candidate = 7  // reason
    default: return nil
    }
    return historyFieldBytes[candidate].elementsEqual(key) ? candidate : nil
  }


  /// One line of a piece in the simple shape the fast paths below take: `key: value` with a
  /// plain value (as `plainValueEnd` accepts it), or `key:` alone, opening a block; `- ` may come
  /// first. The key is lowercase letters and underscores; `indent` is the key's column.
  struct SimpleLine {
    var indent: Int
    var dash: Bool
    var key: Range<Int>
    var value: Range<Int>?
  }

  /// The lines of a piece when every one of them has the simple shape; nil otherwise. Such a
  /// line means to the fast YAML parser exactly what it says: the key, then the value's bytes as
  /// a plain scalar, or the nested block below it.
  static func simpleLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [SimpleLine]? {
    var lines: [SimpleLine] = []
    var lineStart = 0
    while lineStart < bytes.count {
      var cursor = lineStart
      while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
      var dash = false
      if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == 0x20 {
        dash = true
        cursor += 2
      }
      let keyStart = cursor
      while cursor < bytes.count, (0x61...0x7A).contains(bytes[cursor]) || bytes[cursor] == 0x5F {
        cursor += 1
      }
      guard cursor > keyStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else {
        return nil
      }
      let key = keyStart..<cursor
      cursor += 1
      guard cursor < bytes.count else { return nil }
      if bytes[cursor] == 0x0A {
        lines.append(SimpleLine(indent: keyStart - lineStart, dash: dash, key: key, value: nil))
        lineStart = cursor + 1
        continue
      }
      guard bytes[cursor] == 0x20 else { return nil }
      while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
      guard let end = plainValueEnd(bytes, from: cursor) else { return nil }
      lines.append(SimpleLine(indent: keyStart - lineStart, dash: dash, key: key, value: cursor..<end))
      lineStart = end + 1
    }
    return lines
  }

  /// A workload's `title`, `product` or `owner` line with a plain value, read without the parser
  /// (`owner` must be an email address, as `NodeReader.email` wants); nil for anything else,
  /// which the parser reads.
  static func workloadText(_ piece: ArraySlice<UInt8>, strings: StringCache? = nil)
    -> (key: String, value: String)?
  {
    piece.withUnsafeBufferPointer { bytes in
      guard let lines = simpleLines(bytes), lines.count == 1, let line = lines.first,
        line.indent == 0, !line.dash, let value = line.value
      else { return nil }
      let key = text(bytes, line.key)
      let text = text(bytes, value, strings)
      switch key {
      case "title", "product": return (key, text)
      case "owner" where Identifiers.isEmail(text): return (key, text)
      default: return nil
      }
    }
  }

  /// A component's first line, `- id: value`, read without the parser when the value is a
  /// component id; nil for anything else.
  static func componentIDLine(_ piece: ArraySlice<UInt8>) -> String? {
    piece.withUnsafeBufferPointer { bytes in
      guard let lines = simpleLines(bytes), lines.count == 1, let line = lines.first, line.dash,
        let value = line.value, text(bytes, line.key) == "id"
      else { return nil }
      let id = text(bytes, value)
      return Identifiers.isComponentID(id) ? id : nil
    }
  }

  /// A component's `claim:` or `implementation:` block read without the parser: `claim:` then
  /// `by` and `at` once each; `implementation:` then one or more steps, each once, each with its
  /// `by` and `at`; keys of one mapping aligned, each nested block further in, every value a
  /// valid email address or timestamp. Nil for anything else (every problem among it), which the
  /// parser reads. A Cloud Engineer's step rewrites the implementation, so neighbouring versions
  /// hold different ones.
  static func signedBlock(_ piece: ArraySlice<UInt8>, strings: StringCache? = nil)
    -> (claim: Signature?, implementation: Implementation?)?
  {
    piece.withUnsafeBufferPointer { bytes in
      // Only these two sections are read here: tell them by their first line before reading the
      // rest (a request or an approval would be read line by line only to be turned down).
      let start = bytes.firstIndex { $0 != 0x20 } ?? bytes.count
      let rest = UnsafeBufferPointer(rebasing: bytes[start...])
      guard rest.starts(with: "claim:\n".utf8) || rest.starts(with: "implementation:\n".utf8),
        let lines = simpleLines(bytes), lines.count >= 3, let header = lines.first,
        !header.dash, header.value == nil
      else { return nil }
      /// `by` and `at` on `lines[range]`, aligned and further in than `outer`.
      func signature(_ range: Range<Int>, outer: Int) -> Signature? {
        guard range.count == 2 else { return nil }
        var by: String?
        var at: Timestamp?
        for line in lines[range] {
          guard line.indent > outer, line.indent == lines[range.lowerBound].indent, !line.dash,
            let value = line.value
          else { return nil }
          switch text(bytes, line.key) {
          case "by" where by == nil:
            let email = text(bytes, value, strings)
            guard Identifiers.isEmail(email) else { return nil }
            by = email
          case "at" where at == nil:
            guard let time = Timestamp(utf8: UnsafeBufferPointer(rebasing: bytes[value])) else {
              return nil
            }
            at = time
          default: return nil
          }
        }
        guard let by, let at else { return nil }
        return Signature(by: by, at: at)
      }
      switch text(bytes, header.key) {
      case "claim":
        return signature(1..<lines.count, outer: header.indent).map { ($0, nil) }
      case "implementation":
        let stepIndent = lines[1].indent
        guard stepIndent > header.indent else { return nil }
        var steps: [ImplementationStep: Signature] = [:]
        var index = 1
        while index < lines.count {
          let line = lines[index]
          let name = text(bytes, line.key)
          guard line.indent == stepIndent, !line.dash, line.value == nil,
            let step = ImplementationStep.allCases.first(where: { $0.key == name }),
            steps[step] == nil, let signed = signature(index + 1..<min(index + 3, lines.count), outer: stepIndent)
          else { return nil }
          steps[step] = signed
          index += 3
        }
        return (nil, Implementation(steps: steps))
      default: return nil
      }
    }
  }

  /// The text of `bytes[range]`, shared through `strings` when given.
  private static func text(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ strings: StringCache? = nil
  ) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[range])
    return strings?.string(slice) ?? String(decoding: slice, as: UTF8.self)
  }

  /// Whether `byte` may not start a plain scalar: `- ? : , [ ] { } # & * ! | > ' " % @` and
  /// backtick, as `FastYAMLParser` lists them.
  private static func isIndicator(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","),
      UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
      UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
      UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""),
      UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
      true
    default: false
    }
  }

  /// The history entry's field names as bytes, in `WorkloadDecoder.historyFields` order.
  private static let historyFieldBytes = WorkloadDecoder.historyFields.map { Array($0.utf8) }

  /// The offset of the `\n` ending a value that starts at `start`, when the value is non-empty
  /// printable ASCII that the fast parser reads as a plain scalar of exactly its bytes; else nil.
  private static func plainValueEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start < bytes.count, !isIndicator(bytes[start]) else { return nil }
    var cursor = start
    while cursor < bytes.count, bytes[cursor] != 0x0A {
      let byte = bytes[cursor]
      guard (0x20...0x7E).contains(byte), byte != UInt8(ascii: "#") else { return nil }
      if byte == UInt8(ascii: ":"),
        cursor + 1 == bytes.count || bytes[cursor + 1] == 0x20 || bytes[cursor + 1] == 0x0A
      {
        return nil
      }
      cursor += 1
    }
    guard cursor < bytes.count, bytes[cursor - 1] != 0x20 else { return nil }
    return cursor
  }

  /// The high bit of each byte of `word` (first byte lowest) that is below 0x20 (a line break
  /// among them), 0x7F or 0xEF: the bytes `PieceReader.split` stops at. A borrow may also flag a byte after
  /// a flagged one, never before, so the lowest flag is always a byte the split must look at, and
  /// no flag means there is none.
  static func specialBytes(_ word: UInt64) -> UInt64 {
    ByteWord.below(word, 0x20) | ByteWord.equal(word, 0x7F) | ByteWord.equal(word, 0xEF)
  }

  /// Where a piece stands, which decides how it is read.
  fileprivate enum Place: Hashable {
    case workload, firstOfComponent, component, history
  }

  /// A piece's place and exact bytes.
  fileprivate struct Piece: Equatable {
    var place: Place
    var bytes: ArraySlice<UInt8>

    // Byte by byte, the synthesized versions cost more than decoding the piece.
    static func == (lhs: Piece, rhs: Piece) -> Bool {
      lhs.place == rhs.place && lhs.bytes.count == rhs.bytes.count
        && lhs.bytes.withUnsafeBytes { left in
          rhs.bytes.withUnsafeBytes { right in
            guard let leftStart = left.baseAddress, let rightStart = right.baseAddress else {
              return true  // both empty
            }
            return memcmp(leftStart, rightStart, left.count) == 0
          }
        }
    }
  }

  /// A version's pieces in order and what each decoded to, kept apart so that looking for a
  /// piece does not copy what the others decoded to.
  fileprivate struct Memo {
    var pieces: [Piece] = []
    var decoded: [Decoded] = []

    mutating func append(_ piece: Piece, _ decoded: Decoded) {
      pieces.append(piece)
      self.decoded.append(decoded)
    }
  }

  /// What a piece decoded to. Indirect: a piece reused is copied from the previous version's
  /// memo into this one's and out to its component, and a boxed payload copies with one
  /// reference count where a request's or an approval's took one for each of their texts.
  fileprivate indirect enum Decoded: Sendable {
    case workloadText(key: String, String)
    case id(String)
    case status(Status)
    case request(Request)
    case approval(Approval)
    case implementation(Implementation)
    case claim(Signature)
    case entry(HistoryEntry)
  }
}

/// Cuts one version's front matter into pieces by indentation and decodes each piece, or takes
/// it from the previous version; nil as soon as anything is outside the fast path.
private struct PieceReader {
  typealias Piece = ReusingWorkloadDecoder.Piece
  typealias Decoded = ReusingWorkloadDecoder.Decoded

  /// One line: where its content starts (after the indentation) and ends (before `\n`).
  struct Line {
    var start: Int
    var end: Int
    var indent: Int
  }

  let yaml: [UInt8]
  let previous: ReusingWorkloadDecoder.Memo
  /// Whether `memo` keeps this version's pieces (for a next version to reuse).
  let remembers: Bool
  /// Where plain texts that repeat from file to file are shared; nil: each is decoded.
  let strings: StringCache?
  var lines: [Line] = []
  /// This version's pieces in order, to be reused by the next one (when `remembers`).
  var memo = ReusingWorkloadDecoder.Memo()
  var reused = 0

  init(
    yaml: [UInt8], previous: ReusingWorkloadDecoder.Memo, remembers: Bool, strings: StringCache?
  ) {
    self.yaml = yaml
    self.previous = previous
    self.remembers = remembers
    self.strings = strings
    if remembers {
      memo.pieces.reserveCapacity(previous.pieces.count + 4)
      memo.decoded.reserveCapacity(previous.pieces.count + 4)
    }
  }

  /// Splits into lines; false for anything the fast path leaves to the full decode: a blank or
  /// comment line (the parser skips those wherever they are), a carriage return, a tab, a
  /// control character, a non-ASCII byte that could be a byte-order mark, text after the last
  /// line break.
  mutating func split() -> Bool {
    let found = yaml.withUnsafeBufferPointer { bytes -> [Line]? in
      guard let base = bytes.baseAddress else { return nil }
      var lines: [Line] = []
      lines.reserveCapacity(bytes.count / 24)
      var start = 0
      var offset = 0
      while offset < bytes.count {
        // Eight bytes at a time to the next line break or refused byte: most bytes are neither.
        if offset + 8 <= bytes.count {
          let word = UInt64(
            littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
          let flags = ReusingWorkloadDecoder.specialBytes(word)
          if flags == 0 {
            offset += 8
            continue
          }
          offset += flags.trailingZeroBitCount / 8
        }
        let byte = bytes[offset]
        if byte == 0x0A {
          // The indentation, eight spaces at a time: the first byte that is not one ends it.
          var content = start
          while content + 8 <= offset {
            let spaces =
              UInt64(littleEndian: UnsafeRawPointer(base + content).loadUnaligned(as: UInt64.self))
              ^ 0x2020_2020_2020_2020
            if spaces != 0 {
              content += spaces.trailingZeroBitCount / 8
              break
            }
            content += 8
          }
          while content < offset, bytes[content] == 0x20 { content += 1 }
          if content == offset || bytes[content] == UInt8(ascii: "#") { return nil }
          lines.append(Line(start: content, end: offset, indent: content - start))
          start = offset + 1
        } else if byte < 0x20 || byte == 0x7F || byte == 0xEF {
          return nil
        }
        offset += 1
      }
      return start == bytes.count && !lines.isEmpty ? lines : nil
    }
    guard let found else { return false }
    lines = found
    return true
  }

  /// The end (exclusive) of the block that starts at line `index`: the following lines indented
  /// more than `indent`.
  func blockEnd(_ index: Int, indent: Int) -> Int {
    var end = index + 1
    while end < lines.count, lines[end].indent > indent { end += 1 }
    return end
  }

  /// Whether line `index` holds exactly `text` after its indentation: by length, then bytes.
  func line(_ index: Int, is text: StaticString) -> Bool {
    let line = lines[index]
    guard line.end - line.start == text.utf8CodeUnitCount else { return false }
    return yaml.withUnsafeBufferPointer { bytes in
      memcmp(bytes.baseAddress! + line.start, text.utf8Start, text.utf8CodeUnitCount) == 0
    }
  }

  /// Whether line `index` is a sequence item: `-` then a space or the line's end.
  func isItem(_ index: Int) -> Bool {
    let line = lines[index]
    return yaml[line.start] == UInt8(ascii: "-")
      && (line.start + 1 == line.end || yaml[line.start + 1] == 0x20)
  }

  /// The bytes of lines `range`, from the first one's indentation to the last one's line break.
  func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
    let first = lines[range.lowerBound]
    return yaml[(first.start - first.indent)...lines[range.upperBound - 1].end]
  }

  /// The workload: `title`, `owner` and `product` once each, and `components:` over a block
  /// sequence; nil for anything else, or for any piece outside the fast path.
  mutating func workload(slug: String) -> Workload? {
    guard split() else { return nil }
    var title: String?
    var owner: String?
    var product: String?
    var components: [Component]?
    var index = 0
    while index < lines.count {
      guard lines[index].indent == 0 else { return nil }
      let end = blockEnd(index, indent: 0)
      if line(index, is: "components:") {
        guard components == nil, let decoded = self.components(index + 1..<end) else { return nil }
        components = decoded
      } else {
        guard case .workloadText(let key, let text) = decode(.workload, index..<end) else {
          return nil
        }
        switch key {
        case "title" where title == nil: title = text
        case "owner" where owner == nil: owner = text
        case "product" where product == nil: product = text
        default: return nil
        }
      }
      index = end
    }
    guard let title, let owner, let product, let components else { return nil }
    return Workload(
      slug: slug, title: title, owner: owner, product: product, components: components)
  }

  /// A block sequence of components, one or more, indented below `components:`.
  mutating func components(_ range: Range<Int>) -> [Component]? {
    guard !range.isEmpty, isItem(range.lowerBound) else { return nil }
    let indent = lines[range.lowerBound].indent
    var components: [Component] = []
    var index = range.lowerBound
    while index < range.upperBound {
      guard lines[index].indent == indent, isItem(index) else { return nil }
      let end = blockEnd(index, indent: indent)
      guard let component = component(index..<end) else { return nil }
      components.append(component)
      index = end
    }
    return components
  }

  /// One component: `- key: ...` and the entries below it, aligned with that first key.
  mutating func component(_ range: Range<Int>) -> Component? {
    let first = lines[range.lowerBound]
    var keyStart = first.start + 1
    while keyStart < first.end, yaml[keyStart] == 0x20 { keyStart += 1 }
    guard keyStart < first.end else { return nil }
    let indent = first.indent + keyStart - first.start
    var id: String?
    var status: Status?
    var request: Request?
    var approval: Approval?
    var implementation: Implementation?
    var claim: Signature?
    var history: [HistoryEntry]?
    var index = range.lowerBound
    while index < range.upperBound {
      let isFirst = index == range.lowerBound
      if !isFirst { guard lines[index].indent == indent, !isItem(index) else { return nil } }
      let end = blockEnd(index, indent: indent)
      if !isFirst && line(index, is: "history:") {
        guard history == nil, let entries = self.history(index + 1..<end) else { return nil }
        history = entries
        index = end
        continue
      }
      switch decode(isFirst ? .firstOfComponent : .component, index..<end) {
      case .id(let value) where id == nil: id = value
      case .status(let value) where status == nil: status = value
      case .request(let value) where request == nil: request = value
      case .approval(let value) where approval == nil: approval = value
      case .implementation(let value) where implementation == nil: implementation = value
      case .claim(let value) where claim == nil: claim = value
      default: return nil
      }
      index = end
    }
    guard let id, let status, let request, let history else { return nil }
    return Component(
      id: id, status: status, request: request, approval: approval,
      implementation: implementation, claim: claim, history: history)
  }

  /// A block sequence of history entries, one or more, indented below `history:`.
  mutating func history(_ range: Range<Int>) -> [HistoryEntry]? {
    guard !range.isEmpty, isItem(range.lowerBound) else { return nil }
    let indent = lines[range.lowerBound].indent
    var entries: [HistoryEntry] = []
    var index = range.lowerBound
    while index < range.upperBound {
      guard lines[index].indent == indent, isItem(index) else { return nil }
      let end = blockEnd(index, indent: indent)
      guard case .entry(let entry) = decode(.history, index..<end) else { return nil }
      entries.append(entry)
      index = end
    }
    return entries
  }

  /// The piece on lines `range`, from the previous version when its bytes are unchanged.
  mutating func decode(_ place: ReusingWorkloadDecoder.Place, _ range: Range<Int>) -> Decoded? {
    let piece = Piece(place: place, bytes: bytes(range))
    if !previous.pieces.isEmpty, let known = reusable(piece) {
      reused += 1
      if remembers { memo.append(piece, known) }
      return known
    }
    guard let decoded = Self.decode(piece, strings: strings) else { return nil }
    if remembers { memo.append(piece, decoded) }
    return decoded
  }

  /// What a byte-identical piece of the previous version decoded to (a piece decodes alone, so
  /// any identical one will do). Looked for first where this piece stands, or one place either
  /// side: a transition changes, inserts or removes about one piece, so the others stay or move
  /// by one. Then among all the previous pieces, compared by length before bytes: cheaper than
  /// hashing each piece for a dictionary.
  func reusable(_ piece: Piece) -> Decoded? {
    let pieces = previous.pieces
    let position = memo.pieces.count
    for offset in 0..<3 {
      let candidate = position + (offset == 2 ? 1 : -offset)  // here, one before, one after
      if pieces.indices.contains(candidate) && pieces[candidate] == piece {
        return previous.decoded[candidate]
      }
    }
    return pieces.firstIndex(of: piece).map { previous.decoded[$0] }
  }

  /// Parses and decodes a piece alone; nil when it does not parse on the fast path, is not one
  /// entry of a known key, or has any diagnostic. Plain texts go through `strings` when given.
  static func decode(_ piece: Piece, strings: StringCache?) -> Decoded? {
    if piece.place == .component, let status = ReusingWorkloadDecoder.statusLine(piece.bytes) {
      return .status(status)
    }
    if piece.place == .history,
      let entry = ReusingWorkloadDecoder.historyEntry(piece.bytes, strings: strings)
    {
      return .entry(entry)
    }
    if piece.place == .workload,
      let (key, text) = ReusingWorkloadDecoder.workloadText(piece.bytes, strings: strings)
    {
      return .workloadText(key: key, text)
    }
    if piece.place == .firstOfComponent, let id = ReusingWorkloadDecoder.componentIDLine(piece.bytes) {
      return .id(id)
    }
    if piece.place == .component,
      let signed = ReusingWorkloadDecoder.signedBlock(piece.bytes, strings: strings)
    {
      if let claim = signed.claim { return .claim(claim) }
      if let implementation = signed.implementation { return .implementation(implementation) }
    }
    guard
      let node = FastYAMLParser.parse(
        String(decoding: piece.bytes, as: UTF8.self), strings: strings)
    else {
      return nil
    }
    var reader = NodeReader(path: "", yamlFirstLine: 1)
    let decoded: Decoded?
    switch (piece.place, node) {
    case (.history, .sequence(let items, _)) where items.count == 1:
      decoded = reader.historyEntry(items[0]).map(Decoded.entry)
    case (.workload, .mapping(let entries, _)) where entries.count == 1:
      let entry = entries[0]
      switch entry.key {
      case "title", "product":
        decoded = reader.string(entry.value, entry.key).map { .workloadText(key: entry.key, $0) }
      case "owner":
        decoded = reader.email(entry.value, entry.key).map { .workloadText(key: entry.key, $0) }
      default: decoded = nil
      }
    case (.firstOfComponent, .sequence(let items, _)) where items.count == 1:
      guard case .mapping(let entries, _) = items[0], entries.count == 1 else { return nil }
      decoded = componentEntry(entries[0], &reader)
    case (.component, .mapping(let entries, _)) where entries.count == 1:
      decoded = componentEntry(entries[0], &reader)
    default:
      decoded = nil
    }
    return reader.diagnostics.isEmpty ? decoded : nil
  }

  /// A component's entry other than its history, read as `NodeReader.component` reads it.
  static func componentEntry(_ entry: YAMLNode.Entry, _ reader: inout NodeReader) -> Decoded? {
    switch entry.key {
    case "id": reader.componentID(entry.value).map(Decoded.id)
    case "status": reader.value(entry.value, "status", as: Status.self).map(Decoded.status)
    case "request": reader.request(entry.value).map(Decoded.request)
    case "approval": reader.approval(entry.value).map(Decoded.approval)
    case "implementation": reader.implementation(entry.value).map(Decoded.implementation)
    case "claim": reader.signature(entry.value, what: "the claim").map(Decoded.claim)
    default: nil
    }
  }
}

/// A closed set's values told from their raw text's bytes, without making a string: the
/// candidates of the same length, then their bytes (a `String`-keyed `init(rawValue:)` is a
/// string switch, a tenth of reading a history entry).
struct ClosedSetBytes<T: ClosedSet>: Sendable {
  private let values: [(bytes: [UInt8], value: T)]

  init() { values = T.allCases.map { (Array($0.rawValue.utf8), $0) } }

  /// The value whose raw text is exactly `bytes`.
  func value(_ bytes: UnsafeBufferPointer<UInt8>) -> T? {
    guard let start = bytes.baseAddress else { return nil }
    for candidate in values where candidate.bytes.count == bytes.count {
      if candidate.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, start, bytes.count) == 0 }) {
        return candidate.value
      }
    }
    return nil
  }
}
