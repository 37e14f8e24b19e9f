import Foundation

/// Wall time and CPU time (every thread's) per stage of a command, and the process's peak
/// memory, for `--timings`: a stage whose CPU time is not about twice its wall time on two
/// cores ran on one of them for part of it.
struct Stopwatch {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant
  private var lastCPU: Double
  private var laps: [(name: String, wall: Duration, cpu: Double, resident: Int?)] = []

  /// A stopwatch whose first stage began at `start` (now, unless given).
  init(since start: ContinuousClock.Instant? = nil) {
    last = start ?? clock.now
    lastCPU = Self.cpuSeconds()
  }

  /// Ends the stage `name` now.
  mutating func lap(_ name: String) {
    let now = clock.now
    let cpu = Self.cpuSeconds()
    laps.append((name, now - last, cpu - lastCPU, Self.residentMegabytes()))
    last = now
    lastCPU = cpu
  }

  /// User and system time of every thread of the process so far.
  private static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_WHO, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// One line per stage, then the total and the peak resident memory.
  func report() -> String {
    func seconds(_ duration: Duration) -> String {
      let (whole, attoseconds) = duration.components
      return String(format: "%.3f s", Double(whole) + Double(attoseconds) / 1e18)
    }
    let width = laps.map(\.0.count).max() ?? 0
    func cpu(_ seconds: Double) -> String { String(format: "CPU %.2f s", seconds) }
    var lines = laps.map { lap in
      lap.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + seconds(lap.wall) + "  " + cpu(lap.cpu)
        + (lap.resident.map { "  (\($0) MB resident after)" } ?? "")
    }
    let total = laps.reduce(Duration.zero) { $0 + $1.wall }
    lines.append(
      "total".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + seconds(total) + "  "
        + cpu(laps.reduce(0) { $0 + $1.cpu }))
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
