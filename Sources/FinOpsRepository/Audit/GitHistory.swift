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

  /// The message's first line.
  public var subject: String { String(message.prefix { $0 != "\n" }) }

  /// `Key: value` trailers from the message's last paragraph.
  public var trailers: [String: String] {
    let paragraphs = message.trimmingCharacters(in: .whitespacesAndNewlines)
      .components(separatedBy: "\n\n")
    guard paragraphs.count > 1, let last = paragraphs.last else { return [:] }
    var result: [String: String] = [:]
    for line in last.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { return [:] }
      result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return result
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
  /// Every commit that changed `workloads/`, oldest first, in one `git log` pass.
  public func workloadHistory(since revision: String?) throws -> [HistoryCommit] {
    var arguments = [
      "log", "--reverse", "--no-merges", "--raw", "--no-abbrev", "--no-renames",
      "--format=%x1e%H%x1f%ae%x1f%aI%x1f%B%x1f",
    ]
    if let revision { arguments.append("\(revision)..HEAD") }
    arguments += ["--", Repository.workloadsFolder + "/"]
    let output = String(decoding: try run(arguments), as: UTF8.self)
    var commits: [HistoryCommit] = []
    for record in output.split(separator: "\u{1E}", omittingEmptySubsequences: true) {
      // Commits that touched only other files under workloads/ end up with no changes.
      let fields = record.split(separator: "\u{1F}", maxSplits: 4, omittingEmptySubsequences: false)
      guard fields.count == 5 else { continue }
      var changes: [FileChange] = []
      for line in fields[4].split(separator: "\n") where line.hasPrefix(":") {
        // :100644 100644 OLD NEW M<TAB>path
        let parts = line.split(separator: "\t", maxSplits: 1)
        guard parts.count == 2 else { continue }
        let meta = parts[0].split(separator: " ")
        guard meta.count >= 5 else { continue }
        let zero = String(repeating: "0", count: meta[2].count)
        let path = Self.unquote(String(parts[1]))
        guard path.hasSuffix(".md") else { continue }  // workload files only
        changes.append(
          FileChange(
            path: path,
            before: meta[2] == zero ? nil : String(meta[2]),
            after: meta[3] == zero ? nil : String(meta[3])))
      }
      if changes.isEmpty { continue }
      commits.append(
        HistoryCommit(
          id: String(fields[0]), authorEmail: String(fields[1]),
          authorDate: Timestamp(parsing: String(fields[2])), message: String(fields[3]),
          changes: changes))
    }
    return commits
  }

  /// The contents of many blobs through one `git cat-file --batch` process.
  public func blobs(_ ids: [String]) throws -> [String: Data] {
    guard !ids.isEmpty else { return [:] }
    let input = Data((ids.joined(separator: "\n") + "\n").utf8)
    let output = try run(["cat-file", "--batch"], input: input)
    var result: [String: Data] = [:]
    var cursor = output.startIndex
    while cursor < output.endIndex {
      guard let newline = output[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break }
      let header = String(decoding: output[cursor..<newline], as: UTF8.self).split(separator: " ")
      cursor = output.index(after: newline)
      guard header.count == 3, let size = Int(header[2]) else { continue }  // "<id> missing"
      let end = output.index(cursor, offsetBy: size)
      result[String(header[0])] = output[cursor..<end]
      cursor = output.index(after: end)
    }
    return result
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
