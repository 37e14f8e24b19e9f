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

  /// Runs `executable` (a name looked up on the environment's PATH) with `arguments`, feeding
  /// `input` to its standard input, and waits for it.
  static func run(_ executable: String, _ arguments: [String], environment: [String: String], input: Data?)
    throws -> Output
  {
    guard let path = locate(executable, in: environment["PATH"] ?? "/usr/bin:/bin") else {
      throw LaunchError(description: "cannot find \(executable) on PATH")
    }
    let (pid, writer, outputReader, errorReader) = try spawnLock.withLock {
      try launch(path, arguments, environment: environment)
    }
    // Write the input and drain standard error on their own threads, so neither pipe can fill
    // up and stall the child while this thread reads standard output.
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      if let input {
        input.withUnsafeBytes { buffer in
          guard let base = buffer.baseAddress else { return }
          var offset = 0
          while offset < buffer.count {
            let written = write(writer, base + offset, buffer.count - offset)
            if written <= 0 { break }
            offset += written
          }
        }
      }
      close(writer)
    }
    nonisolated(unsafe) var errors = Data()
    DispatchQueue.global().async(group: group) { errors = drain(errorReader) }
    let output = drain(outputReader)
    group.wait()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Output(status: exitStatus, standardOutput: output, standardError: errors)
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
