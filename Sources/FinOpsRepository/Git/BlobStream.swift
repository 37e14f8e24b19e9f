import Foundation

/// Blob contents through one running `git cat-file --batch`: one thread names blobs as it learns
/// of them, another receives their contents in the same order while git is still reading the
/// history, so reading objects overlaps walking the log.
final class BlobStream: @unchecked Sendable {
  /// `cat-file` asked for each object's name, type and size before its contents, as `split` reads.
  static let arguments = ["cat-file", "--batch=%(objectname) %(objecttype) %(objectsize)"]
  private let child: Subprocess.Child
  private let finished = DispatchSemaphore(value: 0)
  private var requests: [UInt8] = []

  /// Starts git and the thread that reads its output, which calls `each` with the contents of
  /// every blob asked for, in order (nil when git cannot resolve the name), then `end` once every
  /// request was answered and `finish` was called. Handing the contents on from that thread
  /// spares a hop through another thread for each blob; they are valid only during the call.
  init(
    git: Git, each: @escaping @Sendable (UnsafeBufferPointer<UInt8>?) -> Void,
    end: @escaping @Sendable () -> Void
  ) throws {
    child = try Subprocess.Child(
      "git", ["-C", git.root] + Self.arguments, environment: git.environment)
    Thread { [self] in
      readContents(each)
      end()
      finished.signal()
    }.start()
  }

  /// Asks for a blob (or any object name git resolves); its contents reach `each` after those
  /// asked for before it. Requests are sent in batches by `flush`.
  func request(_ name: String) {
    var name = name
    name.withUTF8 { requests.append(contentsOf: $0) }  // by the buffer, not byte by byte
    requests.append(0x0A)
  }

  /// Sends the requests made so far to git.
  func flush() {
    requests.withUnsafeBytes { child.write($0) }
    requests.removeAll(keepingCapacity: true)
  }

  /// Sends the last requests and tells git there are no more.
  func finish() {
    flush()
    child.closeInput()
  }

  /// Waits for git to exit; throws when it failed.
  func wait() throws {
    finished.wait()
    let (status, errors) = child.wait()
    guard status == 0 else {
      throw GitError(
        arguments: Self.arguments, status: status,
        message: String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// Splits git's output into `<name> <type> <size>` headers and contents (or `<name> missing`).
  private func readContents(_ each: (UnsafeBufferPointer<UInt8>?) -> Void) {
    Self.split(reading: child.read(into:), initialCapacity: 1 << 18, each)
  }

  /// Splits `cat-file --batch` output, got by `read` (which fills what it is given and returns
  /// how much, 0 at the end), into contents. `read` writes into one buffer, parsed in place: only
  /// a record cut by the end of a read moves, to the buffer's start, and the buffer grows only
  /// for a record larger than it.
  static func split(
    reading read: (UnsafeMutableRawBufferPointer) -> Int, initialCapacity: Int,
    _ each: (UnsafeBufferPointer<UInt8>?) -> Void
  ) {
    // Typed as bytes from the start: `read` fills it through a raw view, and the records are
    // read back as the `UInt8`s the memory is bound to.
    var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, initialCapacity))
    defer { buffer.deallocate() }
    var start = 0  // the first byte not yet handled
    var end = 0  // the end of what was read
    var size: Int?  // the size of the contents being read, after their header
    while true {
      if start > 0 {
        if end > start {
          // The two ranges may overlap: `update` copies as `memmove` does.
          buffer.baseAddress!.update(from: buffer.baseAddress! + start, count: end - start)
        }
        end -= start
        start = 0
      }
      let needed = max(end + 1, (size ?? 0) + 1)
      if needed > buffer.count || end == buffer.count {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(
          capacity: max(needed, buffer.count * 2))
        larger.baseAddress!.initialize(from: buffer.baseAddress!, count: end)
        buffer.deallocate()
        buffer = larger
      }
      let count = read(
        UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[end...])))
      if count == 0 { break }
      end += count
      let bytes = UnsafeBufferPointer(start: buffer.baseAddress!, count: end)
      while true {
        if let expected = size {
          guard end - start >= expected + 1 else { break }  // contents and their "\n"
          each(UnsafeBufferPointer(rebasing: bytes[start..<(start + expected)]))
          start += expected + 1
          size = nil
        } else {
          guard let newline = bytes[start..<end].firstIndex(of: 0x0A) else { break }
          let header = bytes[start..<newline].split(separator: 0x20)
          start = newline + 1
          if header.count == 3, let length = Int(String(decoding: header[2], as: UTF8.self)) {
            size = length
          } else {
            each(nil)  // "NAME missing"
          }
        }
      }
    }
  }
}
