import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program with posix_spawn and collects its output. Foundation's `Process` costs tens of
/// milliseconds per launch on Linux; a transition launches git several times and must stay fast.
enum Subprocess {
  private static let spawnLock = NSLock()

  struct Output {
    var status: Int32
    var standardOutput: Data
    var standardError: Data
  }

  struct LaunchError: Error, CustomStringConvertible {
    var description: String
  }

  /// Runs `body` on a thread of its own, called `name` (at most 15 bytes: `perf` and `top -H`
  /// show it); the group is left when it returns. A read or write that blocks for a child's
  /// whole life must not hold one of Dispatch's worker threads: the pool has one per core, and
  /// grows only on a one-second tick once they are all blocked. With both of a 2-core machine's
  /// workers draining git's standard error, the audit's decoding waited 0.6 s for that tick in
  /// every run.
  @discardableResult
  static func onOwnThread(
    named name: String, in group: DispatchGroup = DispatchGroup(), _ body: @escaping @Sendable () -> Void
  ) -> DispatchGroup {
    group.enter()
    Thread {
      // Named through the kernel (a new thread shows its parent's name): Foundation's
      // `Thread.name` reaches it only once the starting thread has stored the new thread's
      // handle, which it may not have done yet.
      let comm = open("/proc/thread-self/comm", O_WRONLY)
      if comm >= 0 {
        var name = name
        _ = name.withUTF8 { Glibc.write(comm, $0.baseAddress, min($0.count, 15)) }
        close(comm)
      }
      body()
      group.leave()
    }.start()
    return group
  }

  /// Runs `executable` (a name looked up on the environment's PATH) with `arguments`, feeding
  /// `input` to its standard input, and waits for it.
  static func run(_ executable: String, _ arguments: [String], environment: [String: String], input: Data?)
    throws -> Output
  {
    let child = try Child(executable, arguments, environment: environment)
    // Write the input on its own thread, so the pipe cannot fill up and stall the child while
    // this thread reads standard output.
    let group = onOwnThread(named: "input \(child.processIdentifier)") {
      if let input { child.write(input) }
      child.closeInput()
    }
    let output = child.readToEnd()
    group.wait()
    let (status, errors) = child.wait()
    return Output(status: status, standardOutput: output, standardError: errors)
  }

  /// A running child whose standard input and output the caller streams: it may write input
  /// while it reads output, so a long-running git process can be fed and read as a pipeline.
  /// Standard error is drained on a thread of its own (`onOwnThread`), named `stderr PID`.
  final class Child: @unchecked Sendable {
    private let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let errors = DispatchGroup()
    private nonisolated(unsafe) var errorText = Data()

    /// Starts `executable` (a name looked up on the environment's PATH) with `arguments`.
    init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
      guard let path = locate(executable, in: environment["PATH"] ?? "/usr/bin:/bin") else {
        throw LaunchError(description: "cannot find \(executable) on PATH")
      }
      let errorReader: Int32
      (pid, input, output, errorReader) = try spawnLock.withLock {
        try launch(path, arguments, environment: environment)
      }
      onOwnThread(named: "stderr \(pid)", in: errors) { [self] in errorText = drain(errorReader) }
    }

    /// The child's process id.
    var processIdentifier: pid_t { pid }

    /// Writes all of `data` to the child's standard input; stops early if the child closed it.
    /// SIGPIPE is held off for the write, so a child that exits early (cat-file that failed)
    /// ends the writing instead of killing finops without a word.
    func write(_ data: Data) {
      data.withUnsafeBytes { write($0) }
    }

    /// Writes `bytes` to standard input, as `write(_: Data)` does.
    func write(_ bytes: UnsafeRawBufferPointer) {
      var pipeSignal = sigset_t()
      sigemptyset(&pipeSignal)
      sigaddset(&pipeSignal, SIGPIPE)
      var previous = sigset_t()
      pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
      defer {
        // Take the SIGPIPE this write raised, if any, before the mask is restored.
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
          var now = timespec()
          sigtimedwait(&pipeSignal, nil, &now)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
      }
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(input, base + offset, bytes.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { break }
        offset += written
      }
    }

    /// Closes standard input: the child sees the end of its input.
    func closeInput() { close(input) }

    /// Reads what standard output has next into `buffer`; 0 at its end.
    func read(into buffer: inout [UInt8]) -> Int {
      buffer.withUnsafeMutableBytes { read(into: $0) }
    }

    /// Reads what standard output has next into `buffer`; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
      while true {
        let count = Glibc.read(output, buffer.baseAddress, buffer.count)
        if count >= 0 { return count }
        if errno != EINTR { return 0 }
      }
    }

    /// All that standard output has left, up to its end.
    func readToEnd() -> Data {
      var output = Data()
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = read(into: &buffer)
        if count == 0 { return output }
        output.append(buffer, count: count)
      }
    }

    /// Waits for the child to exit (after its output was read to the end): its exit status and
    /// standard error.
    func wait() -> (status: Int32, standardError: Data) {
      close(output)
      errors.wait()
      var status: Int32 = 0
      while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
      let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
      return (exitStatus, errorText)
    }
  }

  /// Makes the pipes and starts the child; returns its pid, the input's write end and the
  /// outputs' read ends. Runs under `spawnLock`: the pipes are close-on-exec and made while no
  /// other thread is spawning, so no other child can inherit them and hold a pipe open (dup2
  /// onto 0, 1 and 2 clears the flag for this child).
  private static func launch(_ path: String, _ arguments: [String], environment: [String: String])
    throws -> (pid_t, Int32, Int32, Int32)
  {
    var outputPipe: [Int32] = [0, 0]
    var errorPipe: [Int32] = [0, 0]
    var inputPipe: [Int32] = [0, 0]
    guard pipe(&outputPipe) == 0, pipe(&errorPipe) == 0, pipe(&inputPipe) == 0 else {
      throw LaunchError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
    }
    for descriptor in inputPipe + outputPipe + errorPipe {
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
    close(inputPipe[0])
    close(outputPipe[1])
    close(errorPipe[1])
    guard spawned == 0 else {
      close(inputPipe[1])
      close(outputPipe[0])
      close(errorPipe[0])
      throw LaunchError(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
    }
    return (pid, inputPipe[1], outputPipe[0], errorPipe[0])
  }

  private static func drain(_ descriptor: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = read(descriptor, &buffer, buffer.count)
      if count > 0 {
        data.append(buffer, count: count)
      } else if count == 0 || errno != EINTR {
        break
      }
    }
    close(descriptor)
    return data
  }

  private static func locate(_ name: String, in path: String) -> String? {
    if name.contains("/") { return name }
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }
}
