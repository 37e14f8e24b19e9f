import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension ContentHash {
  /// The fingerprint of the file at `path`, read a megabyte at a time (each megabyte one
  /// segment, whatever `read` returns); nil when it cannot be read.
  public static func file(_ path: String) -> ContentHash? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    return file(descriptor: descriptor)
  }

  /// The fingerprint of the open file `descriptor`, read from where it stands to its end.
  public static func file(descriptor: Int32) -> ContentHash? {
    var hash = ContentHash()
    let size = 1 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      guard let filled = readAll(descriptor, into: buffer) else { return nil }
      hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
      if filled < size { return hash }
    }
  }

  /// The running program's fingerprint, taken once: part of every cache key, as a rebuilt
  /// `finops`, or another version of a library it loaded (Foundation, cmark-gfm), may decode,
  /// compute or render differently. The executable by the build ID its linker wrote into it (a
  /// digest of what was linked: reading it costs a page, where hashing the 25 MB file cost a
  /// hundredth of a second on every command; a binary edited after linking keeps its ID, so
  /// such an edit should be followed by deleting `.finops-cache/`), else by its bytes; each shared library mapped into
  /// the process by its path, size, modification time and inode (as a package upgrade replaces
  /// them). Nil when the executable cannot be read (then nothing is cached).
  public static let executable: String? = {
    let path =
      FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : Bundle.main.executablePath ?? ""
    var hash: ContentHash
    if let id = buildID(path) {
      hash = ContentHash()
      hash.update("GNU build ID")
      hash.update(id)
    } else if let bytes = file(path) {
      hash = bytes
    } else {
      return nil
    }
    for library in loadedLibraries() {
      // A library replaced while this process runs (`… (deleted)`) counts by its name alone.
      guard let status = FileStatus(path: library) else {
        hash.update(library)
        continue
      }
      hash.update("\(library) \(status.size) \(status.modified).\(status.modifiedNanoseconds) \(status.inode)")
    }
    return hash.hex
  }()

  /// What every cache key of a build starts from: the running program (`executable`) and the
  /// text of the configuration it read; nil when the executable cannot be read.
  public static func build(configuration: ContentHash) -> String? {
    guard let executable else { return nil }
    var hash = ContentHash()
    hash.update(executable)
    hash.update(configuration)
    return hash.hex
  }

  /// The GNU build ID of the ELF file at `path` (`NT_GNU_BUILD_ID` in a `PT_NOTE` segment, which
  /// linkers fill with a digest of the linked output), in hexadecimal; nil when the file is no
  /// 64-bit little-endian ELF file or carries none, or the ID is shorter than 16 bytes (a
  /// `--build-id=0x…` too short to tell builds apart).
  static func buildID(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    func bytes(at offset: UInt64, count: Int) -> [UInt8]? {
      guard count >= 0, count <= 1 << 16, offset <= UInt64(Int64.max) else { return nil }
      var buffer = [UInt8](repeating: 0, count: count)
      let filled = buffer.withUnsafeMutableBytes { readAll(descriptor, into: $0, at: Int(offset)) }
      return filled == count ? buffer : nil
    }
    func integer(_ bytes: [UInt8], _ at: Int, _ size: Int) -> UInt64 {
      (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
    }
    // ELF magic, 64-bit class, little-endian data.
    guard let header = bytes(at: 0, count: 64), header[0..<4].elementsEqual([0x7F, 0x45, 0x4C, 0x46]),
      header[4] == 2, header[5] == 1
    else { return nil }
    let programHeaders = integer(header, 32, 8)
    let entrySize = Int(integer(header, 54, 2))
    let entries = Int(integer(header, 56, 2))
    guard entrySize >= 56, let table = bytes(at: programHeaders, count: entrySize * entries) else { return nil }
    for entry in 0..<entries {
      let base = entry * entrySize
      // PT_NOTE
      guard integer(table, base, 4) == 4 else { continue }
      let size = integer(table, base + 32, 8)
      guard size <= 1 << 16, let notes = bytes(at: integer(table, base + 8, 8), count: Int(size)) else { continue }
      // Names and descriptions are padded to the segment's alignment: 4, or 8 for 8-aligned notes.
      let alignment = integer(table, base + 48, 8) == 8 ? 8 : 4
      func padded(_ count: Int) -> Int { (count + alignment - 1) / alignment * alignment }
      var at = 0
      while at + 12 <= notes.count {
        let nameSize = Int(integer(notes, at, 4))
        let descriptionSize = Int(integer(notes, at + 4, 4))
        let type = integer(notes, at + 8, 4)
        let name = at + 12
        let description = name + padded(nameSize)
        let next = description + padded(descriptionSize)
        guard nameSize <= notes.count, descriptionSize <= notes.count, next <= notes.count else { break }
        // NT_GNU_BUILD_ID, owner "GNU\0"
        if type == 3, nameSize == 4, notes[name..<name + 4].elementsEqual([0x47, 0x4E, 0x55, 0]) {
          guard descriptionSize >= 16 else { return nil }
          return notes[description..<description + descriptionSize].map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
          }.joined()
        }
        at = next
      }
    }
    return nil
  }

  /// The files mapped executable into this process (its shared libraries), sorted; none where
  /// `/proc/self/maps` does not exist.
  static func loadedLibraries() -> [String] {
    // Read to its end by hand: a /proc file has no size, and readers that trust the size read
    // one page of it, a different part from run to run.
    let descriptor = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      bytes += chunk[0..<count]
    }
    // Read as bytes: split into strings, a process's few hundred lines took milliseconds.
    var paths: Set<String> = []
    let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
      // address perms offset device inode path: the path of an executable mapping.
      var rest = line[...]
      var fields: [ArraySlice<UInt8>] = []
      while fields.count < 5, let start = rest.firstIndex(where: { $0 != space }) {
        let end = rest[start...].firstIndex(of: space) ?? rest.endIndex
        fields.append(rest[start..<end])
        rest = rest[end...]
      }
      guard fields.count == 5, fields[1].contains(UInt8(ascii: "x")) else { continue }
      var (lower, upper) = (rest.startIndex, rest.endIndex)
      while lower < upper, rest[lower] == space || rest[lower] == tab { lower += 1 }
      while upper > lower, rest[upper - 1] == space || rest[upper - 1] == tab { upper -= 1 }
      guard lower < upper, rest[lower] == UInt8(ascii: "/") else { continue }
      paths.insert(String(decoding: rest[lower..<upper], as: UTF8.self))
    }
    return paths.sorted()
  }
}
