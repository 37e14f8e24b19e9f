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
        BuildMemo.Workload(
          path: "workloads/naïve.md", digest: ContentHash("x"), recordDigest: ContentHash("y"), showsSpend: true,
          components: clocks),
        BuildMemo.Workload(
          path: "workloads/b.md", digest: ContentHash("z"), recordDigest: ContentHash("w"), showsSpend: false,
          components: []),
      ])
  }

  @Test("every status and priority reads back as written; another folder's memo is not read")
  func roundTrip() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    var clocks = Status.allCases.map { BuildMemo.Clock(approvedAt: nil, priority: nil, implementedAt: nil, status: $0) }
    clocks += Priority.allCases.map {
      BuildMemo.Clock(approvedAt: monday, priority: $0, implementedAt: Timestamp(seconds: 5), status: .readyToClaim)
    }
    let written = memo(clocks)
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
}
