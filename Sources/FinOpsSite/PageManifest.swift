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
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64
    var inode: UInt64
    var device: UInt64
    /// The change time: a file written again and given back its old modification time has
    /// moved it on.
    var changed: Int64
    var changedNanoseconds: Int64
    /// The parts of a file written in parts; none for a page.
    var parts: [FilePart] = []

    init(
      key: String, size: Int64, seconds: Int64, nanoseconds: Int64, inode: UInt64, device: UInt64,
      changed: Int64, changedNanoseconds: Int64
    ) {
      self.key = key
      self.size = size
      self.seconds = seconds
      self.nanoseconds = nanoseconds
      self.inode = inode
      self.device = device
      self.changed = changed
      self.changedNanoseconds = changedNanoseconds
    }

    /// The entry for the file at `path` as it is now (taken once it is in the site: moving it
    /// there moves its change time on); nil when it is no regular file.
    init?(file path: String, key: String) {
      guard let status = FileStatus(path: path) else { return nil }
      self.init(
        key: key, size: status.size, seconds: status.modified, nanoseconds: status.modifiedNanoseconds,
        inode: status.inode, device: status.device, changed: status.changed,
        changedNanoseconds: status.changedNanoseconds)
    }

    /// Whether `other` describes the same file as it was written (its key and parts aside).
    func sameFile(as other: Entry) -> Bool {
      size == other.size && seconds == other.seconds && nanoseconds == other.nanoseconds
        && inode == other.inode && device == other.device && changed == other.changed
        && changedNanoseconds == other.changedNanoseconds
    }
  }

  /// The manifest's format, part of its key: another format is not read.
  static let format = "pages 3"

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
      var entries: [String: Entry] = [:]
      for _ in 0..<(try input.count()) {
        let path = try input.string()
        var entry = Entry(
          key: try input.string(), size: Int64(try input.int()), seconds: Int64(try input.int()),
          nanoseconds: Int64(try input.int()), inode: try input.unsigned(), device: try input.unsigned(),
          changed: Int64(try input.int()), changedNanoseconds: Int64(try input.int()))
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
      out.int(Int(entry.size))
      out.int(Int(entry.seconds))
      out.int(Int(entry.nanoseconds))
      out.unsigned(entry.inode)
      out.unsigned(entry.device)
      out.int(Int(entry.changed))
      out.int(Int(entry.changedNanoseconds))
      out.array(entry.parts) { out, part in
        out.string(part.key)
        out.int(part.range.lowerBound)
        out.int(part.range.count)
      }
    }
    try CacheFile.store(path, kind: "pages", key: ContentHash(Self.format + " " + target).hex, payload: out.bytes)
  }
}
