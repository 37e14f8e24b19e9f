import FinOpsCore
@testable import FinOpsSite
import FinOpsTestSupport
import Foundation
import Testing

@Suite("The build memo")
struct BuildMemoTests {
  let monday = Timestamp(parsing: "2026-11-23T10:00:00Z")!

  func memo(_ clocks: [BuildMemo.Clock]) -> BuildMemo {
    BuildMemo(
      keyBase: "base", now: monday, files: 3,
      manifest: FileStatus(
        device: 1, inode: 2, size: 3, modified: 4, modifiedNanoseconds: 5, changed: 6, changedNanoseconds: 7),
      spend: BuildMemo.Spend(
        key: "spend", exports: [BuildMemo.Export(path: "spend/a.csv", digest: ContentHash("a"))], problems: ["p"]),
      feedsKey: "feeds",
      workloads: [
        BuildMemo.File(
          path: "workloads/naïve.md", digest: ContentHash("x"), recordDigest: ContentHash("y"), showsSpend: true,
          components: clocks),
        BuildMemo.File(
          path: "workloads/b.md", digest: ContentHash("z"), recordDigest: ContentHash("w"), showsSpend: false,
          components: []),
      ])
  }

  @Test("every status and priority reads back as written; another folder's memo is not read")
  func roundTrip() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    var clocks = Status.allCases.map {
      BuildMemo.Clock(approvedAt: nil, priority: nil, implementedAt: nil, status: $0, submittedAt: monday)
    }
    clocks += Priority.allCases.map {
      BuildMemo.Clock(approvedAt: monday, priority: $0, implementedAt: Timestamp(seconds: 5), status: .readyToClaim)
    }
    let written = memo(clocks)
    // Kept by path, each with its run of clocks; the paths as one fingerprint, byte for byte.
    #expect(written.paths == BuildMemo.fingerprint(paths: ["workloads/b.md", "workloads/naïve.md"]))
    #expect(written.paths != BuildMemo.fingerprint(paths: ["workloads/naïve.md", "workloads/b.md"]))
    #expect(written.paths != BuildMemo.fingerprint(paths: ["workloads/b.md", "workloads/nai\u{308}ve.md"]))
    #expect(written.paths != BuildMemo.fingerprint(paths: ["workloads/b.mdworkloads/naïve.md"]))
    #expect(written.workloads.map(\.digest) == [ContentHash("z"), ContentHash("x")])
    #expect(Array(written.clocks[written.workloads[1].clocks]) == clocks && written.workloads[0].clocks.isEmpty)
    #expect(written.workloads[1].inReview && !written.workloads[0].inReview)
    try written.save(to: folder.path + "/memo.bin", target: "/site")
    #expect(BuildMemo.load(folder.path + "/memo.bin", target: "/site") == written)
    #expect(BuildMemo.load(folder.path + "/memo.bin", target: "/elsewhere") == nil)
  }

  @Test("SLAs hold while no open task's due day or state moves; an implemented or withdrawn one never moves")
  func slas() {
    let policy = SLAPolicy()
    let open = BuildMemo.Clock(approvedAt: monday, priority: .normal, implementedAt: nil, status: .approved)
    let done = BuildMemo.Clock(approvedAt: monday, priority: .normal, implementedAt: monday, status: .readyToClaim)
    let rejected = BuildMemo.Clock(approvedAt: monday, priority: .normal, implementedAt: nil, status: .rejected)
    let later = Timestamp(seconds: monday.seconds + 3600)
    let weeks = Timestamp(seconds: monday.seconds + 21 * 86_400)
    #expect(memo([open, done, rejected]).slasHold(at: later, policy: policy))
    #expect(!memo([open]).slasHold(at: weeks, policy: policy), "overdue by then")
    #expect(memo([done, rejected]).slasHold(at: weeks, policy: policy))
  }

  @Test("the queue holds while no request's wait moves by a tenth of a business day, and each was submitted")
  func queue() {
    let calendar = SLAPolicy().calendar
    // Submitted at 10:00 on Monday: a tenth of a business day is 2 h 24 min.
    let waiting = BuildMemo.Clock(approvedAt: nil, priority: nil, implementedAt: nil, status: .submitted, submittedAt: monday)
    let approved = BuildMemo.Clock(approvedAt: monday, priority: .normal, implementedAt: nil, status: .approved)
    var unsubmitted = waiting
    unsubmitted.submittedAt = nil
    let minutes = { Timestamp(seconds: monday.seconds + $0 * 60) }
    #expect(memo([waiting, approved]).reviewCount == 1)
    #expect(memo([waiting, approved]).queueHolds(at: minutes(60), calendar: calendar))
    #expect(!memo([waiting]).queueHolds(at: minutes(150), calendar: calendar), "0.1 days by then")
    #expect(memo([approved]).queueHolds(at: minutes(10_000), calendar: calendar), "nothing in review")
    #expect(!memo([unsubmitted]).queueHolds(at: minutes(1), calendar: calendar), "placed by the build time")
  }
}
