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
      var filled = 0
      while filled < size {
        let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { return nil }
        if count == 0 { break }
        filled += count
      }
      hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
      if filled < size { return hash }
    }
  }

  /// The running program's fingerprint, taken once: part of every cache key, as a rebuilt
  /// `finops`, or another version of a library it loaded (Foundation, cmark-gfm), may decode,
  /// compute or render differently. The executable by its bytes; each shared library mapped into
  /// the process by its path, size, modification time and inode (as a package upgrade replaces
  /// them). Nil when the executable cannot be read (then nothing is cached).
  public static let executable: String? = {
    let path =
      FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : Bundle.main.executablePath ?? ""
    guard var hash = file(path) else { return nil }
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
    let maps = String(decoding: bytes, as: UTF8.self)
    var paths: Set<String> = []
    for line in maps.split(separator: "\n") {
      // address perms offset device inode path
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
      guard fields.count == 6, fields[1].contains("x") else { continue }
      let path = fields[5].trimmingCharacters(in: .whitespaces)
      if path.hasPrefix("/") { paths.insert(path) }
    }
    return paths.sorted()
  }
}
