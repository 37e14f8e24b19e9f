import FinOpsCore
import FinOpsTemplates
import Foundation
import Testing

@testable import FinOpsSite

@Suite("Pages that show the build time")
struct ClockedPagesTests {
  @Test("the marker is replaced by the time wherever it landed, and the places are noted")
  func replacing() {
    let marker = Array("\u{1}m\u{1}".utf8), time = Array("2026-11-27 09:00".utf8)
    let page = Array("<p>\u{1}m\u{1}</p><time>\u{1}m\u{1}</time>\u{1}x".utf8)
    let (bytes, places) = SiteBuilder.writing(time, over: SiteBuilder.places(of: marker, in: page), in: page)
    #expect(String(decoding: bytes, as: UTF8.self) == "<p>2026-11-27 09:00</p><time>2026-11-27 09:00</time>\u{1}x")
    #expect(places.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["2026-11-27 09:00", "2026-11-27 09:00"])
    #expect(SiteBuilder.places(of: marker, in: Array("none".utf8)).isEmpty)
  }

  @Test("a page is copied with the new time in its places; places that disagree are not trusted")
  func retimed() throws {
    let page = Array("<p>09:00</p> and 09:00.".utf8)
    let places = [FilePart(key: "time", range: 3..<8), FilePart(key: "time", range: 17..<22)]
    let previous = try #require(PreviousFile(key: "k 09:00", bytes: page, parts: places))
    let (bytes, moved) = try #require(SiteBuilder.retimed(previous, time: Array("10:30:00".utf8)))
    #expect(String(decoding: bytes, as: UTF8.self) == "<p>10:30:00</p> and 10:30:00.")
    #expect(moved.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["10:30:00", "10:30:00"])
    let edited = try #require(PreviousFile(key: "k", bytes: Array("<p>09:00</p> and 09:01.".utf8), parts: places))
    #expect(SiteBuilder.retimed(edited, time: Array("10:30".utf8)) == nil)
    #expect(PreviousFile(bytes: page, parts: places.reversed()) == nil, "places out of order")
  }

  @Test("a value's fingerprint follows every text, a shared value's is its own, the marker stands for any time")
  func fingerprints() {
    func hash(_ value: TemplateValue, marker: String? = nil) -> ContentHash {
      var hash = ContentHash()
      value.fingerprint(into: &hash, marker: marker)
      return hash
    }
    let row = TemplateValue.list([.text("row")])
    let a = TemplateValue.list([.text("a"), .bool(true), row])
    #expect(hash(a) == hash(.list([.text("a"), .bool(true), row])))
    #expect(hash(a) != hash(.list([.text("b"), .bool(true), row])))
    #expect(hash(a) != hash(.list([.text("a"), .bool(false), row])))
    #expect(hash(.list([.text("a"), .text("")])) != hash(.list([.text("a")])))
    let shared = TemplateValue.shared(SharedTemplateValue(a))
    #expect(shared == a && hash(shared) == hash(.shared(SharedTemplateValue(a))))
    #expect(hash(.text("M1"), marker: "M1") == hash(.text("M2"), marker: "M2"))
    #expect(hash(.text("M1"), marker: "M1") != hash(.text("M1")))
  }

  @Test("a value shared under the fingerprint of what it is made from is made once, when first asked for")
  func madeLater() {
    final class Count: @unchecked Sendable {
      let lock = NSLock()
      var made = 0
      func add() { lock.withLock { made += 1 } }
    }
    let count = Count()
    var known = ContentHash()
    known.update("what the row is made from")
    let value = TemplateValue.list([.text("row"), .bool(true)])
    let later = SharedTemplateValue(fingerprint: known) {
      count.add()
      return value
    }
    // The fingerprint is the one given: nothing is made for it.
    #expect(later.fingerprint == known && count.made == 0)
    #expect(later.value == value && later.value == value && count.made == 1)
    // Without one, it is the value's own, as a value shared at once has it.
    let unknown = SharedTemplateValue(fingerprint: nil) { value }
    #expect(unknown.fingerprint == SharedTemplateValue(value).fingerprint)
    // Pages on both cores asking at once make it once.
    let raced = SharedTemplateValue(fingerprint: known) {
      count.add()
      return value
    }
    DispatchQueue.concurrentPerform(iterations: 64) { _ in _ = raced.value }
    #expect(count.made == 2)
  }
}
