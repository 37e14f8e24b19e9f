import FinOpsCore
import Foundation

/// Finds the component ids in use and picks new ones that are unique in the repository.
public enum ComponentIDs {
  /// Every id in the workload files, read by a byte scan of `  - id: ` lines (no YAML decoding),
  /// so a new id costs milliseconds even in a large repository.
  public static func inUse(_ repository: Repository) -> Set<String> {
    let paths = (try? repository.workloadPaths()) ?? []
    let found = parallelMap(paths.count) { index -> [String] in
      guard let data = FileManager.default.contents(atPath: repository.absolute(paths[index])) else {
        return []
      }
      return scan(data)
    }
    return Set(found.joined())
  }

  /// The ids on `  - id: XXXX` lines of one file's front matter.
  static func scan(_ data: Data) -> [String] {
    let marker = Array("\n  - id: ".utf8)
    var ids: [String] = []
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      let bytes = buffer.bindMemory(to: UInt8.self)
      var index = 0
      while index + marker.count + 4 <= bytes.count {
        // The first "\n---" closes the front matter (the opening one starts the file).
        if bytes[index] == UInt8(ascii: "\n"), bytes[index + 1] == UInt8(ascii: "-"),
          bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-")
        {
          return
        }
        if bytes[index] == marker[0],
          (1..<marker.count).allSatisfy({ bytes[index + $0] == marker[$0] })
        {
          let start = index + marker.count
          ids.append(String(decoding: bytes[start..<(start + 4)], as: UTF8.self))
          index = start
        }
        index += 1
      }
    }
    return ids
  }

  /// A new id not in `used`, derived from `seed` (so a pinned clock gives a stable id).
  public static func next(seed: String, avoiding used: Set<String>) -> String {
    let alphabet = Identifiers.componentIDAlphabet
    var attempt = 0
    while true {
      // FNV-1a over the seed and the attempt number.
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in (seed + "#\(attempt)").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
      var id = ""
      for _ in 0..<4 {
        id.append(alphabet[Int(hash % UInt64(alphabet.count))])
        hash /= UInt64(alphabet.count)
      }
      if !used.contains(id) { return id }
      attempt += 1
    }
  }
}
