import Foundation
import Testing

/// Compares text with a recorded golden file beside the test; `RECORD_SNAPSHOTS=1` re-records.
/// A missing golden file fails the test (after recording it), so goldens are never hand-written.
public func assertGolden(
  _ actual: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden")
  let url = folder.appendingPathComponent(name)
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  let existing = try? String(contentsOf: url, encoding: .utf8)
  if record || existing == nil {
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try? Data(actual.utf8).write(to: url)
    if existing == nil {
      Issue.record(
        "recorded missing golden \(name); check it in and run again",
        sourceLocation: sourceLocation)
    }
    return
  }
  if existing != actual {
    Issue.record(
      "output differs from golden \(name) (RECORD_SNAPSHOTS=1 re-records):\n\(firstDifference(existing ?? "", actual))",
      sourceLocation: sourceLocation)
  }
}

/// The first differing line of two texts, for a readable failure.
func firstDifference(_ expected: String, _ actual: String) -> String {
  let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
  for index in 0..<max(a.count, b.count) {
    let left = index < a.count ? String(a[index]) : "<end>"
    let right = index < b.count ? String(b[index]) : "<end>"
    if left != right { return "line \(index + 1):\n- \(left)\n+ \(right)" }
  }
  return "(identical lines, different bytes)"
}
