import FinOpsCore
import Foundation

/// The pages a build wrote from a key (`SiteBuilder.workloadPageKey`), kept in the build cache
/// for the next build into the same folder: each page's key and what its file was like once in
/// the site (size, modification and change times, inode), and, for a file written in parts
/// (the workload export, a page's build time), each part's key and place. A page or part is
/// taken from the previous build only when its key is the same and its file is still the one
/// written; anything else, a damaged manifest included, means it is made again.
struct PageManifest {
  /// One page.
  struct Entry: Equatable {
    var key: String
    /// The file as it was once in the site (its change time included: a file written again and
    /// given back its old modification time has moved it on).
    var status: FileStatus
    /// The parts of a file written in parts; none for a page.
    var parts: [FilePart] = []

    init(key: String, status: FileStatus) {
      self.key = key
      self.status = status
    }

    /// The entry for the file at `path` as it is now (taken once it is in the site: moving it
    /// there moves its change time on); nil when it is no regular file.
    init?(file path: String, key: String) {
      guard let status = FileStatus(path: path) else { return nil }
      self.init(key: key, status: status)
    }
  }

  /// The manifest's format, part of its key: another format is not read.
  static let format = "pages 4"

  /// The site folder the pages are in.
  var target: String
  /// The pages, by path in the site.
  var entries: [String: Entry]

  /// The entries of the manifest at `path` for `target`; none when it is missing, for another
  /// folder, or does not read.
  static func load(_ path: String, target: String) -> [String: Entry] {
    guard let (bytes, payload) = CacheFile.load(path, kind: "pages", key: ContentHash(format + " " + target).hex) else {
      return [:]
    }
    var input = BinaryReader(bytes, from: payload)
    do {
      let count = try input.count()
      var entries: [String: Entry] = [:]
      entries.reserveCapacity(min(count, 1 << 20))
      for _ in 0..<count {
        let path = try input.string()
        var entry = Entry(key: try input.string(), status: try input.fileStatus())
        entry.parts = try input.array { input in
          let key = try input.string()
          let start = try input.int(), length = try input.int()
          guard start >= 0, length >= 0, start <= Int.max - length else {
            throw BinaryFormatError(description: "a part out of range")
          }
          return FilePart(key: key, range: start..<start + length)
        }
        entries[path] = entry
      }
      return input.atEnd ? entries : [:]
    } catch {
      return [:]
    }
  }

  /// Writes the manifest to `path`, replacing the file whole.
  func save(to path: String) throws {
    var out = BinaryWriter(interning: false)
    out.unsigned(UInt64(entries.count))
    for (page, entry) in entries.sorted(by: { $0.key < $1.key }) {
      out.string(page)
      out.string(entry.key)
      out.fileStatus(entry.status)
      out.array(entry.parts) { out, part in
        out.string(part.key)
        out.int(part.range.lowerBound)
        out.int(part.range.count)
      }
    }
    try CacheFile.store(path, kind: "pages", key: ContentHash(Self.format + " " + target).hex, payload: out.bytes)
  }
}
