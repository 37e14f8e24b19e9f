import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program with posix_spawn and collects its output. Foundation's `Process` costs tens of
/// milliseconds per launch on Linux; a transition launches git several times and must stay fast.
enum Subprocess {
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
    var outputPipe: [Int32] = [0, 0]
    var errorPipe: [Int32] = [0, 0]
    var inputPipe: [Int32] = [0, 0]
    guard pipe(&outputPipe) == 0, pipe(&errorPipe) == 0, pipe(&inputPipe) == 0 else {
      throw LaunchError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
    for descriptor in inputPipe + outputPipe + errorPipe {
      posix_spawn_file_actions_addclose(&actions, descriptor)
    }
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
    // Write the input and drain standard error on their own threads, so neither pipe can fill
    // up and stall the child while this thread reads standard output.
    let group = DispatchGroup()
    let writer = inputPipe[1]
    DispatchQueue.global().async(group: group) {
      if let input {
        input.withUnsafeBytes { buffer in
          var offset = 0
          while offset < buffer.count {
            let written = write(writer, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { break }
            offset += written
          }
        }
      }
      close(writer)
    }
    let errorReader = errorPipe[0]
    nonisolated(unsafe) var errors = Data()
    DispatchQueue.global().async(group: group) { errors = drain(errorReader) }
    let output = drain(outputPipe[0])
    group.wait()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Output(status: exitStatus, standardOutput: output, standardError: errors)
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
