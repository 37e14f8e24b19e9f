import FinOpsCore
import Foundation

/// One commit that changed workload files, as `git log --raw` reports it.
public struct HistoryCommit: Sendable {
  /// The full commit id.
  public var id: String
  /// The author's email.
  public var authorEmail: String
  /// The author's date.
  public var authorDate: Timestamp?
  /// The whole commit message.
  public var message: String
  /// The workload files it changed.
  public var changes: [FileChange]

  /// The first 7 characters of the id.
  public var shortID: String { String(id.prefix(7)) }

  /// The message's first line: up to the first `\n` that does not end a `\r\n` pair, found by
  /// bytes as `lines` finds it, without splitting the rest of the message.
  public var subject: String {
    var text = message
    return text.withUTF8 { bytes in
      let end = Self.lineEnd(bytes, from: 0)
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }
  }

  /// `Key: value` trailers from the message's last paragraph, found once.
  public let trailers: Trailers

  /// Creates a commit record; the trailers are found in `message`.
  public init(id: String, authorEmail: String, authorDate: Timestamp?, message: String, changes: [FileChange]) {
    self.id = id
    self.authorEmail = authorEmail
    self.authorDate = authorDate
    self.message = message
    self.changes = changes
    trailers = Self.parseTrailers(message)
  }

  /// The last paragraph's `Key: value` lines, when every line of it has that shape.
  static func parseTrailers(_ message: String) -> Trailers {
    var text = message
    if let fields = text.withUTF8(asciiTrailers) { return Trailers(message, fields, ascii: true) }
    var lines = Self.lines(message)
    while let last = lines.last, isBlank(last) { lines.removeLast() }
    var paragraph: [Substring] = []
    while let last = lines.last, !isBlank(last) {
      paragraph.insert(last, at: 0)
      lines.removeLast()
    }
    // A one-paragraph message has no trailers.
    guard !lines.isEmpty else { return Trailers(message, [], ascii: false) }
    let utf8 = message.utf8
    func offsets(_ start: String.Index, _ end: String.Index) -> Range<Int> {
      utf8.distance(
        from: utf8.startIndex, to: start)..<utf8.distance(from: utf8.startIndex, to: end)
    }
    var fields: [Trailers.Field] = []
    for line in paragraph {
      guard let colon = firstColon(line) else { return Trailers(message, [], ascii: false) }
      var value = line[line.index(after: colon)...]
      while value.first == " " { value = value.dropFirst() }
      fields.append(
        Trailers.Field(
          key: offsets(line.startIndex, colon), value: offsets(value.startIndex, value.endIndex)))
    }
    return Trailers(message, fields, ascii: false)
  }

  /// The trailers of an ASCII message found straight in its bytes, exactly as Characters give
  /// them: in ASCII every Character is one byte or a `\r\n` pair, so a `:` or a space byte is
  /// always a whole Character and a line is blank when all its bytes are whitespace. Nil when the
  /// message is not ASCII.
  static func asciiTrailers(_ bytes: UnsafeBufferPointer<UInt8>) -> [Trailers.Field]? {
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    var lines: [Range<Int>] = []
    lines.reserveCapacity(8)  // a transition's message: subject, blank line, three trailers
    var start = 0
    while start <= bytes.count {
      let end = lineEnd(bytes, from: start)
      lines.append(start..<end)
      start = end + 1
    }
    func isBlank(_ line: Range<Int>) -> Bool {
      line.allSatisfy { bytes[$0] == 0x20 || (0x09...0x0D).contains(bytes[$0]) }
    }
    var last = lines.count
    while last > 0, isBlank(lines[last - 1]) { last -= 1 }
    var first = last
    while first > 0, !isBlank(lines[first - 1]) { first -= 1 }
    guard first > 0 else { return [] }  // a one-paragraph message has no trailers
    var fields: [Trailers.Field] = []
    fields.reserveCapacity(last - first)
    for line in lines[first..<last] {
      guard let colon = line.first(where: { bytes[$0] == UInt8(ascii: ":") }) else { return [] }
      var value = colon + 1
      while value < line.upperBound, bytes[value] == 0x20 { value += 1 }
      fields.append(Trailers.Field(key: line.lowerBound..<colon, value: value..<line.upperBound))
    }
    return fields
  }

  /// Whether every Character of `line` is whitespace, decided by bytes where that is exact: an
  /// ASCII byte other than whitespace makes its Character (whose first scalar it is, or a
  /// non-blank prepended mark) not whitespace, and in ASCII every Character is one byte or a
  /// `\r\n` pair. Only a line with other non-ASCII text is checked Character by Character.
  static func isBlank(_ line: Substring) -> Bool {
    var ascii = true
    for byte in line.utf8 {
      if byte >= 0x80 {
        ascii = false
      } else if byte != 0x20 && !(0x09...0x0D).contains(byte) {
        return false
      }
    }
    return ascii || line.allSatisfy(\.isWhitespace)
  }

  /// The first Character `:` of `line`: in ASCII, simply its first `:` byte; elsewhere a `:`
  /// may be part of a larger Character, so the search is by Character.
  static func firstColon(_ line: Substring) -> Substring.Index? {
    guard line.utf8.allSatisfy({ $0 < 0x80 }) else { return line.firstIndex(of: ":") }
    return line.utf8.firstIndex(of: UInt8(ascii: ":"))
  }

  /// The lines of `text`, split where a `\n` Character is (so a `\r\n` pair, one Character,
  /// does not split), found by scanning bytes rather than Characters.
  static func lines(_ text: String) -> [Substring] {
    var copy = text
    let ends = copy.withUTF8 { bytes in
      var ends: [Int] = []
      var start = 0
      while start <= bytes.count {
        let end = lineEnd(bytes, from: start)
        ends.append(end)
        start = end + 1
      }
      return ends
    }
    let utf8 = text.utf8
    var lines: [Substring] = []
    lines.reserveCapacity(ends.count)
    var start = utf8.startIndex
    for end in ends {
      let index = utf8.index(utf8.startIndex, offsetBy: end)
      lines.append(text[start..<index])
      if index != utf8.endIndex { start = utf8.index(after: index) }
    }
    return lines
  }

  /// The offset of the first `\n` at or after `start` that does not end a `\r\n` pair (a `\n`
  /// not after `\r` is always a Character of its own), or the end of `bytes`.
  static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < bytes.count {
      if bytes[index] == 0x0A, index == 0 || bytes[index - 1] != 0x0D { return index }
      index += 1
    }
    return bytes.count
  }
}

/// The `Key: value` trailers of a commit message, kept as places in the message and read when
/// asked for: an audit asks each commit for three, and a dictionary of strings made for every
/// commit cost more than the asking.
public struct Trailers: Sendable {
  /// One trailer's key and value, as UTF-8 offsets into the message.
  struct Field: Sendable {
    var key: Range<Int>
    var value: Range<Int>
  }

  private let message: String
  private let fields: [Field]
  /// Whether the message is ASCII, where a key matches by its bytes alone.
  private let ascii: Bool

  init(_ message: String, _ fields: [Field], ascii: Bool) {
    self.message = message
    self.fields = fields
    self.ascii = ascii
  }

  /// Whether the message has no trailers.
  public var isEmpty: Bool { fields.isEmpty }

  /// The value of the trailer `key`, the last one when the key repeats: a key matches as
  /// `String`'s `==` decides (by bytes when both are ASCII, where that is the same).
  public subscript(key: String) -> String? {
    var message = message
    var key = key
    return message.withUTF8 { bytes in
      key.withUTF8 { wanted in
        let byBytes = ascii && wanted.allSatisfy { $0 < 0x80 }
        for field in fields.reversed() {
          let candidate = UnsafeBufferPointer(rebasing: bytes[field.key])
          let same =
            byBytes
            ? candidate.count == wanted.count
              && (candidate.isEmpty
                || memcmp(candidate.baseAddress!, wanted.baseAddress!, wanted.count) == 0)
            : String(decoding: candidate, as: UTF8.self) == String(decoding: wanted, as: UTF8.self)
          if same {
            return String(
              decoding: UnsafeBufferPointer(rebasing: bytes[field.value]), as: UTF8.self)
          }
        }
        return nil
      }
    }
  }

  /// Every trailer by key, the last value of a repeated key kept.
  public var dictionary: [String: String] {
    var message = message
    return message.withUTF8 { bytes in
      func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
      }
      var result: [String: String] = [:]
      for field in fields { result[text(field.key)] = text(field.value) }
      return result
    }
  }
}

/// One file changed by a commit: blob ids before and after (nil when added or deleted).
public struct FileChange: Sendable {
  /// The repository-relative path.
  public var path: String
  /// The blob before the commit.
  public var before: String?
  /// The blob after the commit.
  public var after: String?
}

extension Git {
  /// Every commit that changed a workload file, oldest first, in one `git log` pass.
  public func workloadHistory(since revision: String?) throws -> [HistoryCommit] {
    var commits: [HistoryCommit] = []
    try workloadHistory(since: revision) { commits.append($0) }
    return commits.reversed()
  }

  /// Streams every commit that changed a workload file to `each`, newest first (git's own
  /// order), while the one `git log` pass is still running; throws when git fails.
  ///
  /// Newest first is the cheaper order by far: `--reverse` makes git walk the whole range before
  /// its first line and then diff the trees against their delta chains (1.63 s of git against
  /// 1.05 s for the last 40,000 commits of the benchmark corpus).
  public func workloadHistory(since revision: String?, each: (HistoryCommit) -> Void) throws {
    let arguments = [
      "log", "--no-merges", "--raw", "--no-abbrev", "--no-renames",
      "--format=%x1e%H%x1f%ae%x1f%aI%x1f%B%x1f",
    ] + (revision.map { ["\($0)..HEAD"] } ?? [])
    // No pathspec: limiting by path makes git diff every commit twice; filtering here is cheaper.
    // Into a pipe git flushes after every commit; GIT_FLUSH=0 has it write whole buffers instead:
    // a sixth less CPU for the audit of 40,000 commits, git's writes and this thread's wake-ups.
    var environment = environment
    environment["GIT_FLUSH"] = "0"
    let child = try Subprocess.Child("git", ["-C", root] + arguments, environment: environment)
    child.closeInput()
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 18)
    while true {
      let count = child.read(into: &buffer)
      if count == 0 { break }
      pending.append(contentsOf: buffer[..<count])
      // Records start with the separator; all but the last one read are complete.
      guard let last = pending.lastIndex(of: 0x1E), last > 0 else { continue }
      Self.parseRecords(pending[..<last], each: each)
      pending.removeSubrange(..<last)
    }
    Self.parseRecords(pending[...], each: each)
    let (status, errors) = child.wait()
    guard status == 0 else {
      throw GitError(
        arguments: arguments, status: status,
        message: String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// Parses whole `git log` records (each one starting with 0x1E) and passes on the commits that
  /// changed workload files. Fields and lines are found with `firstIndex(of:)` rather than split
  /// into arrays: the arrays cost more than the rest of reading a record.
  static func parseRecords(_ output: ArraySlice<UInt8>, each: (HistoryCommit) -> Void) {
    for record in records(output) {
      // Four fields ended by 0x1F, then the rest: the `--raw` lines.
      var fields: [Range<Int>] = []
      var start = record.startIndex
      while fields.count < 4, let end = record[start...].firstIndex(of: 0x1F) {
        fields.append(start..<end)
        start = end + 1
      }
      guard fields.count == 4 else { continue }
      var changes: [FileChange] = []
      var lineStart = start
      while lineStart < record.endIndex {
        let lineEnd = record[lineStart...].firstIndex(of: 0x0A) ?? record.endIndex
        if let change = rawChange(record[lineStart..<lineEnd]) { changes.append(change) }
        lineStart = lineEnd + 1
      }
      // Commits that touched only other files under workloads/ have no changes to audit.
      if changes.isEmpty { continue }
      func text(_ field: Int) -> String { String(decoding: record[fields[field]], as: UTF8.self) }
      each(
        HistoryCommit(
          id: text(0), authorEmail: text(1),
          authorDate: record[fields[2]].withUnsafeBufferPointer(Timestamp.init(utf8:)),
          message: text(3), changes: changes))
    }
  }

  /// The change a `--raw` line reports, when it is one to a workload file:
  /// `:100644 100644 OLD NEW M<TAB>path`, read as its space-separated words before the tab (at
  /// least five) and the path after it. Nil for any other line.
  static func rawChange(_ line: ArraySlice<UInt8>) -> FileChange? {
    guard line.first == UInt8(ascii: ":"), let tab = line.firstIndex(of: 0x09) else { return nil }
    var words = 0
    var old = 0..<0
    var new = 0..<0
    var cursor = line.startIndex
    while cursor < tab {
      if line[cursor] == 0x20 {
        cursor += 1
        continue
      }
      let word = cursor
      while cursor < tab, line[cursor] != 0x20 { cursor += 1 }
      words += 1
      if words == 3 { old = word..<cursor }
      if words == 4 { new = word..<cursor }
    }
    guard words >= 5 else { return nil }
    let path = unquote(String(decoding: line[(tab + 1)...], as: UTF8.self))
    guard isWorkloadFile(path) else { return nil }
    return FileChange(path: path, before: blobID(line[old]), after: blobID(line[new]))
  }

  /// The non-empty runs of bytes between record separators (0x1E), found with `firstIndex(of:)`:
  /// the generic `split(separator:)` took several times longer over the whole log.
  static func records(_ output: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    var records: [ArraySlice<UInt8>] = []
    var start = output.startIndex
    while start < output.endIndex {
      let end = output[start...].firstIndex(of: 0x1E) ?? output.endIndex
      if end > start { records.append(output[start..<end]) }
      start = end + 1
    }
    return records
  }

  /// Whether `path` is a Markdown file under the workloads folder, as Character-wise `hasPrefix`
  /// and `hasSuffix` decide it, found by bytes when the path is ASCII (where every Character is
  /// one byte, or a `\r\n` pair that neither `/` nor `.md` can be part of).
  static func isWorkloadFile(_ path: String) -> Bool {
    let folder = Repository.workloadsFolder + "/"
    var text = path
    return text.withUTF8 { bytes in
      guard bytes.allSatisfy({ $0 < 0x80 }) else {
        return path.hasPrefix(folder) && path.hasSuffix(".md")
      }
      return bytes.starts(with: folder.utf8) && bytes.reversed().starts(with: ".md".utf8.reversed())
    }
  }

  /// A blob id from `--raw` output; nil for the all-zero id of an added or deleted file.
  private static func blobID(_ bytes: ArraySlice<UInt8>) -> String? {
    bytes.allSatisfy { $0 == UInt8(ascii: "0") } ? nil : String(decoding: bytes, as: UTF8.self)
  }

  /// Undoes git's C-style quoting of unusual paths.
  static func unquote(_ path: String) -> String {
    guard path.hasPrefix("\""), path.hasSuffix("\""), path.count >= 2 else { return path }
    var bytes: [UInt8] = []
    var scalars = Array(path.utf8.dropFirst().dropLast())[...]
    while let byte = scalars.popFirst() {
      guard byte == UInt8(ascii: "\\"), let next = scalars.popFirst() else {
        bytes.append(byte)
        continue
      }
      switch next {
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        let digits = [next] + Array(scalars.prefix(2))
        scalars = scalars.dropFirst(2)
        bytes.append(UInt8(String(decoding: digits, as: UTF8.self), radix: 8) ?? 0x3F)
      default: bytes.append(next)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
