import FinOpsCore
import Foundation

/// What changed in the workload files between two revisions: the transitions that happened and
/// the cost each component now carries, for pull-request summaries and notifications.
public struct RevisionChanges: Sendable {
  /// One component that changed.
  public struct ComponentChange: Sendable {
    /// `slug/id`.
    public var reference: String
    /// The workload after the change (or before, when its file was deleted).
    public var workload: Workload
    /// The component before, nil when it is new.
    public var before: Component?
    /// The component after, nil when it was removed.
    public var after: Component?
    /// History entries the range added, oldest first.
    public var newEntries: [HistoryEntry]
  }

  /// Changed components, by reference.
  public var components: [ComponentChange]
  /// Workload files that changed but do not decode at one end, with the problems.
  public var problems: [Diagnostic]

  /// Compares `base` with `head` (any revisions git understands).
  public static func between(_ base: String, _ head: String, git: Git) throws -> RevisionChanges {
    let names = String(
      decoding: try git.run(["diff", "--name-only", "--no-renames", base, head, "--"]), as: UTF8.self)
    let paths = names.split(separator: "\n").map(String.init).filter {
      $0.hasPrefix(Repository.workloadsFolder + "/") && $0.hasSuffix(".md")
    }.sorted()
    let objects = paths.flatMap { ["\(base):\($0)", "\(head):\($0)"] }
    let blobs = try git.blobs(objects)
    var components: [ComponentChange] = []
    var problems: [Diagnostic] = []
    for path in paths {
      func decode(_ revision: String) -> Workload? {
        guard let data = blobs["\(revision):\(path)"] else { return nil }
        let outcome = WorkloadDecoder.decode(path: path, text: String(decoding: data, as: UTF8.self))
        if outcome.document == nil { problems += outcome.diagnostics }
        return outcome.document?.workload
      }
      let old = decode(base)
      let new = decode(head)
      guard let shown = new ?? old else { continue }
      var ids: [String] = []
      for component in (old?.components ?? []) + (new?.components ?? []) where !ids.contains(component.id) {
        ids.append(component.id)
      }
      for id in ids {
        let before = old?.component(id)
        let after = new?.component(id)
        if before == after { continue }
        let previous = before?.history ?? []
        let added = after.map { component in
          component.history.starts(with: previous) ? Array(component.history.dropFirst(previous.count)) : component.history
        } ?? []
        components.append(
          ComponentChange(
            reference: "\(shown.slug)/\(id)", workload: shown, before: before, after: after,
            newEntries: added))
      }
    }
    return RevisionChanges(components: components, problems: problems)
  }
}

extension Git {
  /// Blob contents by object name (`REV:path` or a blob id) through one `git cat-file --batch`
  /// process; names git cannot resolve are absent.
  public func blobs(_ names: [String]) throws -> [String: Data] {
    guard !names.isEmpty else { return [:] }
    let input = Data((names.joined(separator: "\n") + "\n").utf8)
    let output = try run(BlobStream.arguments, input: input)
    // The reply read by the one parser of cat-file's output the audit streams through.
    var result: [String: Data] = [:]
    var read = output.startIndex
    var index = 0
    BlobStream.split(
      reading: { target in
        let count = min(target.count, output.endIndex - read)
        output.copyBytes(to: target, from: read..<(read + count))
        read += count
        return count
      }, initialCapacity: 1 << 16
    ) { contents in
      defer { index += 1 }
      if let contents, index < names.count { result[names[index]] = Data(contents) }
    }
    return result
  }
}
