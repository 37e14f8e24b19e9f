import FinOpsCore
import FinOpsTemplates
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A page model with the layout's part (`PageChrome`), whose build time it may show.
protocol ChromedPage: Encodable, Sendable {
  var page: PageChrome { get set }
}

extension DashboardPage: ChromedPage {}
extension ReviewPage: ChromedPage {}
extension EngineeringPage: ChromedPage {}
extension WorkloadPage: ChromedPage {}
extension SpacesPage: ChromedPage {}
extension SpacePage: ChromedPage {}
extension OrgPage: ChromedPage {}
extension OrgIndexPage: ChromedPage {}
extension NotFoundPage: ChromedPage {}
extension SubmitPage: ChromedPage {}
extension SpendPage: ChromedPage {}

// Pages that show the build time differ from one build to the next in that alone, most of the
// time. Such a page is rendered with a marker (random, made once per build, so no text of the
// repository can be it) where the time goes; each place the marker landed is noted, and the
// marker replaced there by the time. The next build whose page has the same key (everything
// the page shows but the time) copies the page and writes the new time into those places,
// instead of rendering it again. The time is plain text that HTML escaping leaves as it is, so
// the copy is byte for byte the page a render would give.

extension SiteBuilder {
  /// Writes a page whose model `model` is rendered with `template`: taken whole from the last
  /// build, copied from it with the new build time, or rendered, by the key of what it shows.
  func writeChromed(_ path: String, _ template: String, _ model: some ChromedPage, to output: any SiteOutput) throws {
    guard let keyBase, model.page.generatedAt != nil, Self.timeIsPlain(buildTime) else {
      return try output.write(path, try render(template, model))
    }
    var marked = model
    marked.page.generatedAt = timeMarker
    let value: TemplateValue
    do {
      value = try library.value(of: marked)
    } catch {
      throw TemplateError(description: "templates/\(template).mustache: \(error)")
    }
    var key = keyBase
    key.update("page but for the build time")
    key.update(path)
    key.update(template)
    value.fingerprint(into: &key, marker: timeMarker)
    // The rows of its lists are copied from the last build's file where they are unchanged
    // (`TemplateFragments`); their keys start from everything the templates and the rows'
    // fingerprints do not cover.
    var salt = keyBase
    salt.update("fragments of")
    salt.update(path)
    salt.update(template)
    try writeClocked(path, key: key.hex, to: output) { previous in
      let fragments = TemplateFragments(
        salt: salt, marker: timeMarker, previousBytes: previous?.bytes ?? [], previous: previous?.fragments ?? [])
      let bytes = try render(template, value, fragments: fragments)
      output.rendered(path, rows: fragments.made.count, copied: fragments.copied)
      return (bytes, fragments.made)
    }
  }

  /// Writes the page at `path`, made from `key` (everything it shows but the build time):
  /// the last build's file as it is when it shows no time, that file with the new time when it
  /// does, or `renderMarked` (the page with `timeMarker` for the time, and the fragments of its
  /// lists, given the last build's file) with the time put in.
  func writeClocked(
    _ path: String, key: String?, to output: any SiteOutput,
    renderMarked: (_ previous: PreviousFile?) throws -> (bytes: [UInt8], fragments: [TemplateFragment])
  ) throws {
    let time = Array(buildTime.utf8)
    var previous: PreviousFile?
    if let key {
      // A page that shows no time after all (a template without it) is kept under the key
      // alone; one that does, under the key and the time it shows.
      let timed = key + " " + buildTime
      if try output.reuse(path, key: key) || output.reuse(path, key: timed) { return }
      // The same page but for the time: the new time is written over the old in the file.
      if try output.redate(path, key: key, time: buildTime) {
        output.redated(path)
        return
      }
      previous = output.previous(path)
      if let previous, previous.key.hasPrefix(key + " "), !previous.parts.isEmpty,
        let (bytes, places) = Self.retimed(previous, time: time)
      {
        try output.write(path, bytes)
        let fragments = TemplateFragments.moved(previous.fragments, over: previous.parts.map(\.range), to: time.count)
        output.keep(path, key: timed, parts: places, fragments: fragments)
        output.redated(path)
        return
      }
    }
    let (marked, made) = try renderMarked(previous)
    let markers = Self.places(of: Array(timeMarker.utf8), in: marked)
    let (bytes, places) = Self.writing(time, over: markers, in: marked)
    try output.write(path, bytes)
    guard let key else { return }
    let fragments = TemplateFragments.moved(made, over: markers, to: time.count)
    if places.isEmpty {
      output.keep(path, key: key, parts: [], fragments: fragments)
    } else {
      output.keep(path, key: key + " " + buildTime, parts: places, fragments: fragments)
    }
  }

  /// The build time as pages show it.
  var buildTime: String { Format.time(input.now) }

  /// Whether `time` is left as it is by HTML escaping (so the marker's places can take it).
  static func timeIsPlain(_ time: String) -> Bool {
    !time.utf8.contains { [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains($0) }
  }

  /// The previous page with `time` in each of its time places; nil when the places do not all
  /// hold the same text (the time that build wrote).
  static func retimed(_ previous: PreviousFile, time: [UInt8]) -> (bytes: [UInt8], places: [FilePart])? {
    guard let first = previous.parts.first else { return nil }
    let old = previous.bytes[first.range]
    // `PreviousFile` keeps its parts in order, apart.
    guard previous.parts.allSatisfy({ previous.bytes[$0.range] == old }) else { return nil }
    return writing(time, over: previous.parts.map(\.range), in: previous.bytes)
  }

  /// Where `marker` is in `bytes`, in order, apart.
  static func places(of marker: [UInt8], in bytes: [UInt8]) -> [Range<Int>] {
    var found: [Range<Int>] = []
    bytes.withUnsafeBytes { haystack in
      marker.withUnsafeBytes { needle in
        guard let base = haystack.baseAddress, let pattern = needle.baseAddress, !needle.isEmpty else { return }
        // The marker starts with a control byte no page has: each hit is nearly always it.
        var offset = 0
        while offset + needle.count <= haystack.count,
          let hit = memchr(base + offset, Int32(needle[0]), haystack.count - offset)
        {
          let start = base.distance(to: UnsafeRawPointer(hit))
          guard start + needle.count <= haystack.count else { break }
          if memcmp(base + start, pattern, needle.count) == 0 {
            found.append(start..<start + needle.count)
            offset = start + needle.count
          } else {
            offset = start + 1
          }
        }
      }
    }
    return found
  }

  /// `bytes` with `time` in place of each of `ranges` (in order, apart), and where it went.
  static func writing(_ time: [UInt8], over ranges: [Range<Int>], in bytes: [UInt8]) -> (bytes: [UInt8], places: [FilePart]) {
    guard !ranges.isEmpty else { return (bytes, []) }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + ranges.count * max(0, time.count - ranges[0].count))
    var places: [FilePart] = []
    var end = 0
    for range in ranges {
      result.append(contentsOf: bytes[end..<range.lowerBound])
      places.append(FilePart(key: FilePart.time, range: result.count..<result.count + time.count))
      result.append(contentsOf: time)
      end = range.upperBound
    }
    result.append(contentsOf: bytes[end...])
    return (result, places)
  }
}
