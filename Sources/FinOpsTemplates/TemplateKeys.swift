/// The names a set of templates can look up, each interned to a small integer. Encoding keeps
/// only the children a template can ask for, and lookups compare integers.
///
/// Every property of every view model is looked up here while it is encoded (hundreds per
/// page), so the table is open-addressed over an FNV-1a hash of the name's bytes: a
/// `Dictionary<String, Int32>` hashed each name with SipHash and cost a few percent of a build.
/// A second table finds a name by the two words of its `String` alone: a short name (at most
/// 15 bytes, as nearly every property's is) is held in those words, so the view models'
/// literals are found there without reading their bytes.
public struct TemplateKeys: Sendable {
  /// One interned name.
  private struct Slot: Sendable {
    var hash: UInt64
    var name: String
    var id: Int32
  }

  /// A power of two, at most half full; nil marks a free slot.
  private var slots: [Slot?] = Array(repeating: nil, count: 64)
  /// Each interned name by the words of its `String`, the same size as `slots`; an id of -1
  /// marks a free slot. Equal words are equal strings (the same inline bytes, or the same
  /// storage, which `names` keeps alive); a name spelled in other words is looked up by its
  /// bytes.
  private var words: [(first: UInt64, second: UInt64, id: Int32)] = Array(
    repeating: (0, 0, -1), count: 64)
  /// How many names are interned.
  private(set) var count = 0
  /// Each interned name, at its id.
  private var names: [String] = []

  /// The id of `name`, interning it.
  mutating func intern(_ name: String) -> Int32 {
    if let id = id(name) { return id }
    if (count + 1) * 2 > slots.count { grow() }
    let id = Int32(count)
    insert(Slot(hash: Self.hash(name), name: name, id: id))
    insertWords(of: name, id: id)
    names.append(name)
    count += 1
    return id
  }

  /// The name interned as `id`.
  func name(_ id: Int32) -> String { names[Int(id)] }

  /// The id of `name`, nil when no template uses it.
  @usableFromInline
  func id(_ name: String) -> Int32? {
    let (first, second) = Self.words(name)
    let wordMask = words.count - 1
    var wordIndex = Self.slot(first, second) & wordMask
    while words[wordIndex].id >= 0 {
      if words[wordIndex].first == first, words[wordIndex].second == second {
        return words[wordIndex].id
      }
      wordIndex = (wordIndex + 1) & wordMask
    }
    return id(bytesOf: name)
  }

  /// The id of `name`, found by its bytes.
  private func id(bytesOf name: String) -> Int32? {
    let hash = Self.hash(name)
    let mask = slots.count - 1
    var index = Int(truncatingIfNeeded: hash) & mask
    while let slot = slots[index] {
      if slot.hash == hash, slot.name == name { return slot.id }
      index = (index + 1) & mask
    }
    return nil
  }

  private mutating func insert(_ slot: Slot) {
    let mask = slots.count - 1
    var index = Int(truncatingIfNeeded: slot.hash) & mask
    while slots[index] != nil { index = (index + 1) & mask }
    slots[index] = slot
  }

  private mutating func insertWords(of name: String, id: Int32) {
    let (first, second) = Self.words(name)
    let mask = words.count - 1
    var index = Self.slot(first, second) & mask
    while words[index].id >= 0 { index = (index + 1) & mask }
    words[index] = (first, second, id)
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: nil, count: old.count * 2)
    for case let slot? in old { insert(slot) }
    words = Array(repeating: (0, 0, -1), count: slots.count)
    for (id, name) in names.enumerated() { insertWords(of: name, id: Int32(id)) }
  }

  /// The two words a `String` is made of.
  @inline(__always)
  private static func words(_ name: String) -> (UInt64, UInt64) {
    unsafeBitCast(name, to: (UInt64, UInt64).self)
  }

  /// A slot for two words, mixed so that the low bits depend on every byte.
  @inline(__always)
  private static func slot(_ first: UInt64, _ second: UInt64) -> Int {
    let mixed = (first ^ (second &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> 32)
  }

  /// FNV-1a over the UTF-8 bytes eight at a time, mixed so that the low bits (the slot) depend
  /// on every byte.
  private static func hash(_ name: String) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    let hash =
      name.utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
          hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
          offset += 8
        }
        while offset < raw.count {
          hash = (hash ^ UInt64(raw[offset])) &* prime
          offset += 1
        }
        return hash
      }
      ?? name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* prime }
    return hash ^ (hash >> 29)
  }
}
