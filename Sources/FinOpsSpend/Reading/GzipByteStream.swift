import Foundation

/// A gzip-compressed file, decompressed as it is read by a `gzip -dc` child process through a
/// pipe. Foundation on Linux has no gzip API; the child runs on the other core, so decompressing
/// and parsing overlap. `close()` reports a corrupt or truncated file (gzip's exit status and its
/// message).
public final class GzipByteStream: ByteStream {
  private let process: Process
  private let output: FileHandle
  private let errors: Pipe
  private let chunkSize: Int
  private var finished = false

  /// Starts `gzip -dc PATH`; throws a `ByteStreamError` when gzip cannot be started.
  public init(path: String, chunkSize: Int = 1 << 18) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-dc", "--", path]
    let pipe = Pipe()
    let errors = Pipe()
    process.standardOutput = pipe
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw ByteStreamError(
        "cannot start gzip to decompress \(path): \(error.localizedDescription)")
    }
    #if os(Linux)
      // A 1 MiB pipe (F_SETPIPE_SZ) instead of 64 KiB: fewer, larger reads.
      _ = fcntl(pipe.fileHandleForReading.fileDescriptor, 1031, 1 << 20)
    #endif
    self.process = process
    self.output = pipe.fileHandleForReading
    self.errors = errors
    self.chunkSize = chunkSize
  }

  /// Calls `body` with the next decompressed chunk.
  public func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) throws -> Bool {
    guard !finished else { return false }
    let data: Data?
    do {
      data = try output.read(upToCount: chunkSize)
    } catch {
      throw ByteStreamError("cannot read from gzip: \(error.localizedDescription)")
    }
    guard let data, !data.isEmpty else {
      finished = true
      return false
    }
    data.withUnsafeBytes { raw in body(raw.bindMemory(to: UInt8.self)) }
    return true
  }

  /// Waits for gzip; throws its message when it failed.
  public func close() throws {
    if !finished {
      // Stop early: closing our end makes gzip exit on SIGPIPE.
      finished = true
      try? output.close()
      process.terminate()
      process.waitUntilExit()
      return
    }
    let message =
      (try? errors.fileHandleForReading.readToEnd()).flatMap { $0 }
      .map { String(decoding: $0, as: UTF8.self) } ?? ""
    process.waitUntilExit()
    try? output.close()
    guard process.terminationStatus == 0 else {
      // gzip prefixes its message with the (absolute) path; keep only the reason.
      let first = message.split(separator: "\n").first.map(String.init) ?? ""
      let reason = first.components(separatedBy: ": ").last ?? ""
      let text = reason.isEmpty ? "exit status \(process.terminationStatus)" : reason
      throw ByteStreamError("gzip could not decompress the file: \(text)")
    }
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }
}
