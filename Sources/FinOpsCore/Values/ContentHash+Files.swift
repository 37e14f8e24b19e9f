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

  /// The running executable's fingerprint, taken once: part of every cache key, as a rebuilt
  /// `finops` may decode, lay out or render differently under the same version. Nil when the
  /// executable cannot be read (then nothing is cached).
  public static let executable: String? = {
    let path =
      FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : Bundle.main.executablePath ?? ""
    return file(path)?.hex
  }()
}
