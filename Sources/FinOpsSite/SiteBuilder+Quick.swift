import FinOpsCore
import FinOpsSpend
import Foundation

// The builder's part in the quick path of `finops build` (`BuildMemo`).
extension SiteBuilder {
  /// This build's memo (`BuildMemo`), for the `files` it put in the site, the manifest it wrote
  /// (`manifest`, the file's status once written) and the spend report it showed; nil when
  /// pages are not kept, a workload has no fingerprint, or a template shows rows' ages (a quick
  /// build could not tell whether they moved).
  public func memo(files: Int, manifest: FileStatus, spend: BuildMemo.Spend?) -> BuildMemo? {
    guard let keyBase, let feedsKey = feedsKey(), !rowAgeShown, input.spend == nil || spend?.key == input.spendKey
    else { return nil }
    var workloads: [BuildMemo.File] = []
    workloads.reserveCapacity(sortedDocuments.count)
    for index in sortedDocuments.indices {
      let document = sortedDocuments[index]
      guard let digest = document.digest, let recordDigest = document.recordDigest else { return nil }
      let mine = facts(ofSlug: document.workload.slug)
      workloads.append(
        BuildMemo.File(
          path: document.path, digest: digest, recordDigest: recordDigest,
          showsSpend: showsSpend(mine),
          components: mine.map { fact in
            BuildMemo.Clock(
              approvedAt: fact.approvedAt, priority: fact.component.approval?.priority,
              implementedAt: fact.implementedAt, status: fact.component.status, submittedAt: fact.lastSubmitted)
          }))
    }
    // Kept in the order `Repository.workloadPaths` lists them, which a quick build compares
    // them in.
    return BuildMemo(
      keyBase: keyBase.hex, now: input.now, files: files, manifest: manifest, spend: spend, feedsKey: feedsKey.hex,
      workloads: workloads)
  }

  /// The paths of the feeds of a site built with `configuration` (every persona's and every
  /// person's on the roster).
  public static func feedPaths(_ configuration: Configuration) -> [String] {
    Feeds.paths(configuration)
  }

  /// The forms of a build time the site shows, for `SiteWriter.carry`: the pages' and the
  /// workload export's.
  public static func timeForms(of now: Timestamp) -> [String] { [Format.time(now), now.description] }

  /// The pages a quick build makes, on all cores: the review queue when `review`, and the pages
  /// of the workloads whose files are at `paths`; each is taken from the last build when its key
  /// is unchanged. The builder holds those workloads, and every workload with a request in
  /// review when `review` (all the queue reads); `quickPaths` gives the paths it makes.
  public func buildQuick(into output: some SiteOutput, workloadsAt paths: Set<String>, review: Bool) throws {
    let indices = quickIndices(paths)
    let claimed = ClaimedOutput(output: output)
    try parallelEach(indices.count + (review ? 1 : 0)) { position in
      if position == indices.count {
        try writeReview(to: claimed)
      } else {
        try writeWorkloadPage(at: indices[position], to: claimed)
      }
    }
  }

  /// The paths in the site of the pages `buildQuick(into:workloadsAt:review:)` makes for the
  /// workloads `slugs` (known before the builder is made, so that the other files are looked at
  /// while it is).
  public static func quickPaths(slugs: some Sequence<String>, review: Bool) -> [String] {
    (review ? ["review.html"] : []) + slugs.map(workloadPagePath)
  }

  /// The path in the site of the page of the workload `slug`.
  static func workloadPagePath(_ slug: String) -> String { "workloads/\(slug).html" }

  /// The indices of the workloads whose files are at `paths`, in `sortedDocuments`.
  private func quickIndices(_ paths: Set<String>) -> [Int] {
    sortedDocuments.indices.filter { paths.contains(sortedDocuments[$0].path) }
  }
}
