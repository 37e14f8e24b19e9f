import FinOpsCore
import FinOpsTemplates
import Foundation

/// The pages a build wrote from a key (`SiteBuilder.workloadPageKey`), kept in the build cache
/// for the next build into the same folder: each page's key and what its file was like once in
/// the site (size, modification and change times, inode), and, for a file written in parts
/// (the workload export, a page's build time), each part's key and place. A page or part is
/// taken from the previous build only when its key is the same and its file is still the one
/// written; anything else, a damaged manifest included, means it is made again.
struct PageManifest {
  /// One page.
  struct Entry: Equatable {
    var key: String { didSet { form = nil } }
    /// The file as it was once in the site (its change time included: a file written again and
    /// given back its old modification time has moved it on).
    var status: FileStatus { didSet { form = nil } }
    /// The parts of a file written in parts; none for a page.
    var parts: [FilePart] = [] { didSet { form = nil } }
    /// The fragments of a page rendered with them (`TemplateFragments`).
    var fragments = StoredFragments.made([]) { didSet { form = nil } }
    /// Where the entry was read from, when it was and is unchanged since: its form in the
    /// manifest's bytes (its page included), which is written out again as it is. Encoding ten
    /// thousand entries anew took a tenth of a build after one edit.
    fileprivate var form: (bytes: ByteStore, range: Range<Int>, page: Range<Int>)?

    init(key: String, status: FileStatus) {
      self.key = key
      self.status = status
    }

    /// The entry for the file at `path` as it is now (taken once it is in the site: moving it
    /// there moves its change time on); nil when it is no regular file.
    init?(file path: String, key: String) {
      guard let status = FileStatus(path: path) else { return nil }
      self.init(key: key, status: status)
    }

    /// The same key, file status, parts and fragments (wherever the entry was read from).
    static func == (left: Entry, right: Entry) -> Bool {
      left.key == right.key && left.status == right.status && left.parts == right.parts
        && left.fragments == right.fragments
    }
  }

  /// The manifest's format, part of its key: another format is not read.
  static let format = "pages 6"

  /// The site folder the pages are in.
  var target: String
  /// The pages, by path in the site.
  var entries: [String: Entry]

  /// A manifest as read: its pages, sorted and each once, and their entries in the same order.
  /// A page is found by halving the list: a build after one edit looks up a handful of pages
  /// and goes through the rest in order, and hashing ten thousand pages into a dictionary (and
  /// copying each entry out of it again) cost more than the lookups.
  struct Table {
    /// The pages, in order (`String` order, as they are written).
    private(set) var pages: [String] = []
    /// Each page's entry, at its page's position.
    private(set) var entries: [Entry] = []

    /// No pages.
    var isEmpty: Bool { pages.isEmpty }

    /// The position of `page` among `pages`; nil when it has none.
    func position(of page: String) -> Int? {
      var (low, high) = (0, pages.count)
      while low < high {
        let middle = low + (high - low) / 2
        if pages[middle] < page {
          low = middle + 1
        } else {
          high = middle
        }
      }
      return low < pages.count && pages[low] == page ? low : nil
    }

    /// The entry of `page`, if it has one.
    subscript(page: String) -> Entry? {
      position(of: page).map { entries[$0] }
    }

    /// The entries by page.
    var dictionary: [String: Entry] {
      Dictionary(uniqueKeysWithValues: zip(pages, entries))
    }

    fileprivate mutating func reserve(_ count: Int) {
      pages.reserveCapacity(count)
      entries.reserveCapacity(count)
    }

    fileprivate mutating func append(_ page: String, _ entry: Entry) {
      pages.append(page)
      entries.append(entry)
    }
  }

  /// The entries of the manifest at `path` for `target`, in its order; none when it is missing,
  /// for another folder, or does not read, or its pages are not in order, each once.
  static func load(_ path: String, target: String) -> Table {
    guard let (bytes, payload) = CacheFile.load(path, kind: "pages", key: ContentHash(format + " " + target).hex) else {
      return Table()
    }
    var input = BinaryReader(bytes, from: payload, interning: false)
    do {
      let count = try input.count()
      var table = Table()
      table.reserve(min(count, 1 << 20))
      for _ in 0..<count {
        let start = input.position
        let path = try input.string()
        // Where its name's bytes are (a name written by number would not match them: such an
        // entry is written anew rather than copied).
        let page = max(start, input.position - path.utf8.count)..<input.position
        var entry = Entry(key: try input.string(), status: try input.fileStatus())
        entry.parts = try input.array { input in
          let key = try input.string()
          let start = try input.int(), length = try input.int()
          guard start >= 0, length >= 0, start <= Int.max - length else {
            throw BinaryFormatError(description: "a part out of range")
          }
          return FilePart(key: key, range: start..<start + length)
        }
        // A page's fragments are read only if the page is rendered again.
        let length = try input.count()
        if length > 0 {
          entry.fragments = .stored(bytes, input.position..<input.position + length)
          try input.skip(length)
        }
        entry.form = (bytes, start..<input.position, page)
        // In order, and so each once, as `save` writes them.
        if let last = table.pages.last, !(last < path) { return Table() }
        table.append(path, entry)
      }
      return input.atEnd ? table : Table()
    } catch {
      return Table()
    }
  }

  /// Writes the manifest to `path`, replacing the file whole.
  func save(to path: String) throws {
    try Self.save([Encoded(entries)], target: target, to: path)
  }

  /// Entries in the manifest's form, each apart and sorted by page: a build encodes the pages
  /// it left in place while it moves the new ones in, and joins theirs to them after.
  struct Encoded: Sendable {
    var out = BinaryWriter(interning: false)
    /// Each page and where its entry is, by page: in `out`, or, for an entry written out as it
    /// was read, in the bytes of the manifest it was read from.
    var pages: [(page: String, range: Range<Int>, read: ByteStore?)] = []

    init(_ entries: [String: Entry]) {
      self.init(entries.map { ($0.key, $0.value) })
    }

    /// The entries of `table` at `positions` (ascending), each written out as it was read.
    init(_ table: Table, positions: [Int]) {
      pages.reserveCapacity(positions.count)
      for position in positions {
        let page = table.pages[position]
        if let form = table.entries[position].form {
          pages.append((page, form.range, form.bytes))
        } else {
          append(page, table.entries[position])
        }
      }
    }

    /// The entries of `pages` (no page twice).
    init(_ entries: [(page: String, entry: Entry)]) {
      pages.reserveCapacity(entries.count)
      // The indexes are sorted, not the entries: moving ten thousand of them about cost more
      // than writing them.
      for index in StringOrder.sortedPositions(count: entries.count, { entries[$0].page }) {
        let (page, entry) = entries[index]
        // Not copied: `save` copies it once into the manifest written (an entry read under
        // another page is written anew).
        if let form = entry.form, page.utf8.elementsEqual(form.bytes[form.page]) {
          pages.append((page, form.range, form.bytes))
          continue
        }
        append(page, entry)
      }
    }

    /// `entry` encoded under `page`.
    private mutating func append(_ page: String, _ entry: Entry) {
      let start = out.bytes.count
      out.string(page)
      out.string(entry.key)
      out.fileStatus(entry.status)
      out.array(entry.parts) { out, part in
        out.string(part.key)
        out.int(part.range.lowerBound)
        out.int(part.range.count)
      }
      entry.fragments.write(to: &out)
      pages.append((page, start..<out.bytes.count, nil))
    }
  }

  /// Writes the manifest of `target` made of `parts` (no page in two) to `path`, replacing the
  /// file whole; its entries are in the order of their pages, as one `Encoded` has them. Runs of
  /// entries that lie one after another where they are (most of a manifest read and written
  /// again) are written from there at once, never gathered into one buffer.
  static func save(_ parts: [Encoded], target: String, to path: String) throws {
    var head = BinaryWriter(interning: false)
    head.unsigned(UInt64(parts.reduce(0) { $0 + $1.pages.count }))
    // Each run: the part it is from, whether from the bytes read, and where.
    var runs: [(part: Int, read: ByteStore?, range: Range<Int>)] = []
    var next = Array(repeating: 0, count: parts.count)
    while true {
      var least: Int?
      for index in parts.indices where next[index] < parts[index].pages.count {
        if let current = least, parts[current].pages[next[current]].page <= parts[index].pages[next[index]].page {
          continue
        }
        least = index
      }
      guard let least else { break }
      let (_, range, read) = parts[least].pages[next[least]]
      next[least] += 1
      if let current = runs.last, current.part == least, current.read === read,
        current.range.upperBound == range.lowerBound
      {
        runs[runs.count - 1].range = current.range.lowerBound..<range.upperBound
        continue
      }
      runs.append((least, read, range))
    }
    try CacheFile.withBuffers([head.bytes] + parts.map(\.out.bytes)) { buffers in
      let pieces = [buffers[0]]
        + runs.map { run in
          run.read.map { UnsafeRawBufferPointer($0[run.range]) }
            ?? UnsafeRawBufferPointer(rebasing: buffers[1 + run.part][run.range])
        }
      try CacheFile.store(path, kind: "pages", key: ContentHash(format + " " + target).hex, payloadAt: pieces)
    }
  }
}

/// A page's fragments as the manifest holds them: as they were read, until a render asks for
/// them, or as a render made them.
enum StoredFragments: Equatable {
  /// `StoredFragments.write`'s form, at `range` of `bytes` (the manifest's).
  case stored(ByteStore, Range<Int>)
  case made([TemplateFragment])

  /// Whether there are none.
  var isEmpty: Bool {
    switch self {
    case .stored(_, let range): range.isEmpty
    case .made(let fragments): fragments.isEmpty
    }
  }

  /// The fragments; none when they do not read.
  func decoded() -> [TemplateFragment] {
    switch self {
    case .made(let fragments): return fragments
    case .stored(let bytes, let range):
      var input = BinaryReader(bytes, from: range.lowerBound, to: range.upperBound, interning: false)
      return (try? Self.read(&input)).flatMap { input.atEnd ? $0 : nil } ?? []
    }
  }

  /// Writes the fragments' length and form: the distinct lists of needs once, then each
  /// fragment's key, its place after the one before, its length and its list of needs.
  func write(to out: inout BinaryWriter) {
    switch self {
    case .stored(let bytes, let range):
      out.unsigned(UInt64(range.count))
      out.raw(bytes[range])
    case .made(let fragments):
      guard !fragments.isEmpty else { return out.unsigned(0) }
      var form = BinaryWriter(interning: false)
      // Rows of one list mostly look up the same names outside themselves.
      var lists: [[TemplateNeed]] = []
      var numbering: [[TemplateNeed]: Int] = [:]
      var numbers: [Int] = []
      numbers.reserveCapacity(fragments.count)
      for fragment in fragments {
        if let number = numbering[fragment.needs] {
          numbers.append(number)
        } else {
          numbering[fragment.needs] = lists.count
          numbers.append(lists.count)
          lists.append(fragment.needs)
        }
      }
      form.array(lists) { form, needs in
        form.array(needs) { form, need in
          form.string(need.name)
          Self.write(need.found, to: &form)
        }
      }
      form.unsigned(UInt64(fragments.count))
      var end = 0
      for (fragment, number) in zip(fragments, numbers) {
        Self.write(fragment.key, to: &form)
        form.unsigned(UInt64(fragment.range.lowerBound - end))
        form.unsigned(UInt64(fragment.range.count))
        form.unsigned(UInt64(number))
        end = fragment.range.upperBound
      }
      out.unsigned(UInt64(form.bytes.count))
      out.raw(form.bytes[...])
    }
  }

  private static func write(_ hash: ContentHash, to out: inout BinaryWriter) {
    let words = hash.words
    out.word(words.0)
    out.word(words.1)
    out.word(words.2)
  }

  private static func hash(_ input: inout BinaryReader) throws -> ContentHash {
    ContentHash(words: (try input.word(), try input.word(), try input.word()))
  }

  private static func read(_ input: inout BinaryReader) throws -> [TemplateFragment] {
    let lists = try input.array { input in
      try input.array { input in TemplateNeed(name: try input.string(), found: try hash(&input)) }
    }
    let count = try input.count()
    var fragments: [TemplateFragment] = []
    fragments.reserveCapacity(count)
    var end = 0
    for _ in 0..<count {
      let key = try hash(&input)
      // Places in the page, not counts of the bytes left here.
      let gap = Int(clamping: try input.unsigned()), length = Int(clamping: try input.unsigned())
      let number = try input.count()
      guard number < lists.count, gap <= Int.max - end, length <= Int.max - end - gap else {
        throw BinaryFormatError(description: "a fragment out of range")
      }
      fragments.append(TemplateFragment(key: key, range: end + gap..<end + gap + length, needs: lists[number]))
      end += gap + length
    }
    return fragments
  }
}
