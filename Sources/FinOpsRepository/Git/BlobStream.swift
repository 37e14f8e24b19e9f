import Foundation

/// Blob contents through one running `git cat-file --batch`: one thread names blobs as it learns
/// of them, another receives their contents in the same order while git is still reading the
/// history, so reading objects overlaps walking the log.
final class BlobStream: @unchecked Sendable {
  private static let arguments = ["cat-file", "--batch=%(objectname) %(objecttype) %(objectsize)"]
  private let child: Subprocess.Child
  private let finished = DispatchSemaphore(value: 0)
  private var requests = Data()

  /// Starts git and the thread that reads its output, which calls `each` with the contents of
  /// every blob asked for, in order (nil when git cannot resolve the name), then `end` once every
  /// request was answered and `finish` was called. Handing the contents on from that thread
  /// spares a hop through another thread for each blob.
  init(git: Git, each: @escaping @Sendable (Data?) -> Void, end: @escaping @Sendable () -> Void) throws {
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
    name.withUTF8 { requests.append($0) }  // by the buffer, not byte by byte
    requests.append(0x0A)
  }

  /// Sends the requests made so far to git.
  func flush() {
    child.write(requests)
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
  private func readContents(_ each: (Data?) -> Void) {
    var pending: [UInt8] = []
    var start = 0
    var buffer = [UInt8](repeating: 0, count: 1 << 18)
    var size: Int?  // the size of the contents being read, after their header
    while true {
      let count = child.read(into: &buffer)
      if count == 0 { break }
      pending.removeSubrange(..<start)
      start = 0
      pending.append(contentsOf: buffer[..<count])
      while true {
        if let expected = size {
          guard pending.count - start >= expected + 1 else { break }  // contents and their "\n"
          each(Data(pending[start..<(start + expected)]))
          start += expected + 1
          size = nil
        } else {
          guard let newline = pending[start...].firstIndex(of: 0x0A) else { break }
          let header = pending[start..<newline].split(separator: 0x20)
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
