import Foundation

/// What a command may touch of the outside world: arguments aside, its environment, working
/// folder and output streams. Tests run commands in-process with a context of their own.
public struct Context: Sendable {
  /// Environment variables.
  public var environment: [String: String]
  /// The folder commands run from.
  public var currentDirectory: String
  /// Where normal output goes.
  public var output: Stream
  /// Where diagnostics summaries and errors go.
  public var errors: Stream
  /// Where answers to prompts come from.
  public var input: LineSource
  /// Whether a person is at a terminal, so missing values may be asked for.
  public var isInteractive: Bool

  /// Creates a context.
  public init(
    environment: [String: String], currentDirectory: String, output: Stream, errors: Stream,
    input: LineSource = LineSource(lines: []), isInteractive: Bool = false
  ) {
    self.environment = environment
    self.currentDirectory = currentDirectory
    self.output = output
    self.errors = errors
    self.input = input
    self.isInteractive = isInteractive
  }

  /// The real process: its environment, folder, standard output and standard error.
  public static var process: Context {
    Context(
      environment: ProcessInfo.processInfo.environment,
      currentDirectory: FileManager.default.currentDirectoryPath,
      output: .standardOutput, errors: .standardError, input: .standardInput,
      isInteractive: isatty(0) == 1 && isatty(1) == 1)
  }

  /// The context of the command being run.
  @TaskLocal public static var current: Context = .process
}

/// A text sink: a file handle, or a buffer tests can read.
public final class Stream: @unchecked Sendable {
  private let lock = NSLock()
  private var buffer = ""
  private let handle: FileHandle?

  /// A stream that keeps what is written, for tests.
  public init() { handle = nil }

  init(handle: FileHandle) { self.handle = handle }

  /// Standard output.
  public static let standardOutput = Stream(handle: .standardOutput)
  /// Standard error.
  public static let standardError = Stream(handle: .standardError)

  /// Writes `text` followed by a newline.
  public func line(_ text: String = "") { write(text + "\n") }

  /// Writes `text`.
  public func write(_ text: String) {
    if let handle {
      handle.write(Data(text.utf8))
    } else {
      lock.lock()
      buffer += text
      lock.unlock()
    }
  }

  /// Everything written so far (buffered streams only).
  public var text: String {
    lock.lock()
    defer { lock.unlock() }
    return buffer
  }
}

/// Lines of input: standard input, or a fixed list for tests.
public final class LineSource: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String]
  private let reads: Bool

  /// A source that answers with `lines`, then end of input.
  public init(lines: [String]) {
    self.lines = lines
    reads = false
  }

  private init() {
    lines = []
    reads = true
  }

  /// Standard input.
  public static let standardInput = LineSource()

  /// The next line without its newline, or nil at end of input.
  public func next() -> String? {
    if reads { return Swift.readLine(strippingNewline: true) }
    lock.lock()
    defer { lock.unlock() }
    return lines.isEmpty ? nil : lines.removeFirst()
  }
}
