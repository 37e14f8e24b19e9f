import FinOpsCore

/// One item of a list section as a render wrote it: where its output is, the key of what it
/// was made from, and what it read from outside the item.
///
/// A list of shared values (`TemplateValue.shared`: rows that many pages show) is rendered item
/// by item; an item's output depends on the item, the section's template, the indentation it
/// is written at and the values the names it looks up find outside the item (a name the item
/// does not have is looked up in the sections around it). The key covers the first three; the
/// fourth is noted as the render went (`needs`), so a later render can copy the fragment when
/// those names still find the same values there, and only then.
public struct TemplateFragment: Sendable, Equatable {
  /// The salt of the render, the section, the item's fingerprint and the indentation.
  public var key: ContentHash
  /// Where its bytes are in the output.
  public var range: Range<Int>
  /// Each name looked up outside the item, with what it found there.
  public var needs: [TemplateNeed]

  /// A fragment at `range` made from `key`, that read `needs` from outside its item.
  public init(key: ContentHash, range: Range<Int>, needs: [TemplateNeed]) {
    self.key = key
    self.range = range
    self.needs = needs
  }
}

/// A name an item's render looked up outside the item, and the fingerprint of what it found
/// (see `TemplateRenderer.fingerprint(of:marker:)`; nothing found has a fingerprint too).
public struct TemplateNeed: Sendable, Hashable {
  /// The first part of the name as the template wrote it.
  public var name: String
  /// `TemplateRenderer.fingerprint(of:marker:)` of what the name found.
  public var found: ContentHash

  /// The need of `name`, which found what is fingerprinted `found`.
  public init(name: String, found: ContentHash) {
    self.name = name
    self.found = found
  }
}

/// The fragments a render may copy from the file an earlier render wrote, and the ones it
/// writes: pass one to `TemplateLibrary.render(_:_:into:fragments:)`, then keep `made` with the
/// file for the next render.
///
/// A fragment is copied only under the same key (the same `salt`, which the caller makes of
/// everything the templates and the values' fingerprints do not cover; the same section; the
/// same item; the same indentation) when each name it looked up outside its item finds a value
/// of the same fingerprint now: the copy is then byte for byte what rendering the item gives.
public final class TemplateFragments {
  /// Part of every key.
  let salt: ContentHash
  /// A text that stands for whatever it is each render (a page's build time, written in after
  /// the render): a name outside a row that finds it counts it as the same text. A fragment
  /// whose bytes hold it must not be kept (`moved` drops those that overlap its places).
  let marker: String?
  /// The earlier file.
  let previousBytes: [UInt8]
  /// Its fragments by key: the first of each key, and any others (one section's text rendered
  /// in two places of a page, each with what it found there).
  let previous: [ContentHash: TemplateFragment]
  let others: [ContentHash: [TemplateFragment]]
  /// The fragments of this render, in order, positioned in its output.
  public private(set) var made: [TemplateFragment] = []
  /// How many of them were copied from the earlier file.
  public private(set) var copied = 0
  /// Each list section's fingerprint (nil: its items are not fragments), by where its nodes
  /// are (they stay put while the library lives).
  var sections: [UnsafeRawPointer: ContentHash?] = [:]

  /// Fragments for a render salted with `salt` in which `marker` stands for any text, copied
  /// from `previous`, the fragments of the file `previousBytes` (dropped unless each lies within
  /// it, after the one before).
  public init(salt: ContentHash, marker: String? = nil, previousBytes: [UInt8] = [], previous: [TemplateFragment] = []) {
    self.salt = salt
    self.marker = marker
    var end = 0
    let inside = previous.allSatisfy { fragment in
      defer { end = fragment.range.upperBound }
      return fragment.range.lowerBound >= end && fragment.range.upperBound <= previousBytes.count
    }
    var first: [ContentHash: TemplateFragment] = [:]
    var others: [ContentHash: [TemplateFragment]] = [:]
    if inside {
      first.reserveCapacity(previous.count)
      for fragment in previous {
        if first[fragment.key] == nil {
          first[fragment.key] = fragment
        } else {
          others[fragment.key, default: []].append(fragment)
        }
      }
    }
    self.previousBytes = inside ? previousBytes : []
    self.previous = first
    self.others = others
  }

  /// Notes a fragment of this render.
  func note(_ fragment: TemplateFragment, copied wasCopied: Bool) {
    made.append(fragment)
    if wasCopied { copied += 1 }
  }

  /// `fragments` of a file in which each of `places` (in order, apart) was replaced by
  /// `length` bytes, placed in the new file: fragments that overlap a place are dropped.
  public static func moved(_ fragments: [TemplateFragment], over places: [Range<Int>], to length: Int) -> [TemplateFragment] {
    guard !places.isEmpty else { return fragments }
    var result: [TemplateFragment] = []
    result.reserveCapacity(fragments.count)
    var place = 0
    var shift = 0
    for var fragment in fragments {
      while place < places.count, places[place].upperBound <= fragment.range.lowerBound {
        shift += length - places[place].count
        place += 1
      }
      if place < places.count, places[place].lowerBound < fragment.range.upperBound { continue }
      fragment.range = fragment.range.lowerBound + shift..<fragment.range.upperBound + shift
      result.append(fragment)
    }
    return result
  }
}

/// What the render of one item of a list noted: the names it looked up below its level of the
/// stack, and what each found there (the same for every item of the list, so found once).
final class FragmentNeeds {
  /// The items' level in the stack: a name found below it (or nowhere) is noted.
  let floor: Int
  /// See `TemplateFragments.marker`.
  let marker: String?
  /// The names noted for the current item, by interned id, in the order first looked up.
  private(set) var needs: [(id: Int32, found: ContentHash)] = []
  /// What each name finds below the items, by interned id.
  private var outside: [Int32: ContentHash] = [:]
  /// Lists of needs already checked, by where their elements are (the lists are held by the
  /// earlier fragments while the items render).
  private var checked: [UnsafeRawPointer: Bool] = [:]

  init(floor: Int, marker: String?) {
    self.floor = floor
    self.marker = marker
  }

  /// Starts noting for the next item.
  func startItem() { needs.removeAll(keepingCapacity: true) }

  /// Notes the name `id` when its fingerprint below the items is known (or it is noted for this
  /// item already); false when it is not, and `note(_:found:)` must be given it.
  func noteIfKnown(_ id: Int32) -> Bool {
    if needs.contains(where: { $0.id == id }) { return true }
    guard let known = outside[id] else { return false }
    needs.append((id, known))
    return true
  }

  /// Notes the name `id`, whose value below the items has the fingerprint `found` (see
  /// `TemplateRenderer.fingerprint(of:marker:)`; nothing found has a fingerprint too).
  func note(_ id: Int32, found: ContentHash) {
    outside[id] = found
    needs.append((id, found))
  }

  /// Whether each of `needs` finds a value of the same fingerprint below the items now, as
  /// `found` gives it for an id (the fragments of one list mostly share one list of needs:
  /// each list is checked once).
  func hold(
    _ needs: [TemplateNeed], library: TemplateLibrary, found: (Int32) -> ContentHash
  ) -> Bool {
    guard let list = needs.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }) else { return true }
    if let known = checked[list] { return known }
    let holds = needs.allSatisfy { need in
      guard let id = library.keys.id(need.name) else { return false }
      return fingerprint(id) { found(id) } == need.found
    }
    checked[list] = holds
    return holds
  }

  /// The fingerprint of what the name `id` finds below the items, worked out once.
  private func fingerprint(_ id: Int32, _ found: () -> ContentHash) -> ContentHash {
    if let known = outside[id] { return known }
    let hash = found()
    outside[id] = hash
    return hash
  }
}
