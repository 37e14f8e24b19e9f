/// The names a set of templates can look up, each interned to a small integer. Encoding keeps
/// only the children a template can ask for, and lookups compare integers.
///
/// Every property of every view model is looked up here while it is encoded (hundreds per
/// page), so the table is open-addressed over an FNV-1a hash of the name's bytes: a
/// `Dictionary<String, Int32>` hashed each name with SipHash and cost a few percent of a build.
public struct TemplateKeys: Sendable {
  /// One interned name.
  private struct Slot: Sendable {
    var hash: UInt64
    var name: String
    var id: Int32
  }

  /// A power of two, at most half full; nil marks a free slot.
  private var slots: [Slot?] = Array(repeating: nil, count: 64)
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
    names.append(name)
    count += 1
    return id
  }

  /// The name interned as `id`.
  func name(_ id: Int32) -> String { names[Int(id)] }

  /// The id of `name`, nil when no template uses it.
  @usableFromInline
  func id(_ name: String) -> Int32? {
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

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: nil, count: old.count * 2)
    for case let slot? in old { insert(slot) }
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
