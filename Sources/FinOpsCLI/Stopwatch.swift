import Foundation

/// Wall time per stage of a command, and the process's peak memory, for `--timings`.
struct Stopwatch {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant
  private var laps: [(String, Duration, Int?)] = []

  init() { last = clock.now }

  /// Ends the stage `name` now.
  mutating func lap(_ name: String) {
    let now = clock.now
    laps.append((name, now - last, Self.residentMegabytes()))
    last = now
  }

  /// One line per stage, then the total and the peak resident memory.
  func report() -> String {
    func seconds(_ duration: Duration) -> String {
      let (whole, attoseconds) = duration.components
      return String(format: "%.3f s", Double(whole) + Double(attoseconds) / 1e18)
    }
    let width = laps.map(\.0.count).max() ?? 0
    var lines = laps.map { name, duration, resident in
      name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + seconds(duration)
        + (resident.map { "  (\($0) MB resident after)" } ?? "")
    }
    let total = laps.reduce(Duration.zero) { $0 + $1.1 }
    lines.append("total".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + seconds(total))
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    lines.append("peak memory: \(usage.ru_maxrss / 1024) MB")
    return lines.joined(separator: "\n")
  }

  /// The process's resident memory now, from /proc (Linux only).
  private static func residentMegabytes() -> Int? {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
  }
}

#if canImport(Glibc)
  /// Glibc imports `RUSAGE_SELF` as an enum case; `getrusage` takes its raw value.
  private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
  private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif
