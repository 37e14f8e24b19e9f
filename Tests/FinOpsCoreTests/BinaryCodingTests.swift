@testable import FinOpsCore
import Foundation
import Testing

@Suite("The cache's binary form")
struct BinaryCodingTests {
  @Test("values read back as written, strings once then by number")
  func roundTrip() throws {
    var out = BinaryWriter()
    out.int(-5)
    out.unsigned(UInt64.max)
    out.string("café")
    out.string("café")
    out.decimal(Decimal(string: "-1234.5678")!)
    out.day(Day(ordinal: 20_000))
    out.optional(nil as String?) { $0.string($1) }
    out.array(["a", "b"]) { $0.string($1) }
    var input = BinaryReader(out.bytes)
    #expect(try input.int() == -5)
    #expect(try input.unsigned() == UInt64.max)
    #expect(try input.string() == "café")
    #expect(try input.string() == "café")
    #expect(try input.decimal() == Decimal(string: "-1234.5678")!)
    #expect(try input.day() == Day(ordinal: 20_000))
    #expect(try input.optional { try $0.string() } == nil)
    #expect(try input.array { try $0.string() } == ["a", "b"])
    #expect(input.atEnd)
  }

  @Test("a document that writes every string out reads back the same, and is longer")
  func withoutInterning() throws {
    func write(_ out: inout BinaryWriter) {
      for text in ["café", "café", "", "x", "café"] { out.string(text) }
    }
    var interned = BinaryWriter(), plain = BinaryWriter(interning: false)
    write(&interned)
    write(&plain)
    #expect(plain.bytes.count > interned.bytes.count)
    for bytes in [interned.bytes, plain.bytes] {
      var input = BinaryReader(bytes)
      #expect(try (0..<5).map { _ in try input.string() } == ["café", "café", "", "x", "café"])
      #expect(input.atEnd)
    }
  }

  @Test("values no writer makes are refused, not used")
  func refused() {
    // A decimal claiming more significand words than a decimal has.
    var decimal = BinaryWriter()
    decimal.decimal(Decimal(7))
    var bytes = decimal.bytes
    bytes[2] = (bytes[2] & 0x0F) | 0xF0
    var input = BinaryReader(bytes)
    #expect(throws: BinaryFormatError.self) { try input.decimal() }
    // A day a million years away, a string that is not UTF-8, a count beyond the document.
    var day = BinaryWriter()
    day.int(400_000_000)
    input = BinaryReader(day.bytes)
    #expect(throws: BinaryFormatError.self) { try input.day() }
    input = BinaryReader([4, 0xC3, 0x28])
    #expect(throws: BinaryFormatError.self) { try input.string() }
    input = BinaryReader([0xFF, 0xFF, 0x03])
    #expect(throws: BinaryFormatError.self) { try input.array { try $0.bool() } }
  }

  @Test("a string read from bytes is what validating them gives, ASCII or not, for random bytes")
  func exactly() {
    var random = SeededRandom(state: 11)
    let alphabet: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0xED, 0xA0]
    for _ in 0..<20_000 {
      let length = Int(random.next() % 9)
      let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
      let expected = String(validating: bytes, as: UTF8.self)
      let found = bytes.withUnsafeBufferPointer { String(exactly: $0) }
      #expect(found.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(bytes)")
    }
  }

  @Test("a cache file is replaced whole, and what a killed writer left is cleared")
  func replace() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-file-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // A writer killed an hour ago, one writing now, and another cache file's leftover.
    let abandoned = folder + "/.spend.bin.4000001.12345"
    try Data("partial".utf8).write(to: URL(fileURLWithPath: abandoned))
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: abandoned)
    try Data("writing".utf8).write(to: URL(fileURLWithPath: folder + "/.spend.bin.4000002.1"))
    try Data("other".utf8).write(to: URL(fileURLWithPath: folder + "/.pages.bin.4000001.1"))
    try CacheFile.replace(folder + "/spend.bin", with: Array("whole".utf8))
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names == [".pages.bin.4000001.1", ".spend.bin.4000002.1", "spend.bin"])
    #expect(FileManager.default.contents(atPath: folder + "/spend.bin") == Data("whole".utf8))
  }

  @Test("a cache document reads back mapped, outlives its file being replaced, and is refused when damaged or another's")
  func mappedDocument() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-file-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/report.bin"
    var out = BinaryWriter()
    for index in 0..<5000 { out.string("card \(index)") }
    try CacheFile.store(path, kind: "report", key: "k1", payload: out.bytes)
    let (bytes, payload) = try #require(CacheFile.load(path, kind: "report", key: "k1"))
    #expect(Array(bytes[payload..<bytes.count]) == out.bytes)
    #expect(bytes == ByteStore(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
    // Replaced while held (as a later build replaces it): the mapping still reads the old file.
    try CacheFile.store(path, kind: "report", key: "k2", payload: Array("other".utf8))
    var input = BinaryReader(bytes, from: payload)
    for index in 0..<5000 { #expect(try input.string() == "card \(index)") }
    #expect(input.atEnd)
    // Another key or kind, or a payload changed or cut, is not a document.
    #expect(CacheFile.load(path, kind: "report", key: "k1") == nil)
    #expect(CacheFile.load(path, kind: "pages", key: "k2") == nil)
    #expect(CacheFile.load(path, kind: "report", key: "k2").map { Array($0.bytes[$0.payload..<$0.bytes.count]) } == Array("other".utf8))
    var text = try #require(FileManager.default.contents(atPath: path))
    text[text.count - 1] = UInt8(ascii: "x")
    try text.write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.load(path, kind: "report", key: "k2") == nil)
    try text.prefix(text.count - 2).write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.load(path, kind: "report", key: "k2") == nil)
    try Data().write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.load(path, kind: "report", key: "k2") == nil)
    #expect(CacheFile.load(folder + "/missing.bin", kind: "report", key: "k2") == nil)
    // A reader over an empty store, or given bounds outside its bytes, reads nothing.
    var empty = BinaryReader(ByteStore([]), from: 3, to: 9)
    #expect(empty.atEnd)
    #expect(throws: BinaryFormatError.self) { try empty.string() }
  }

  @Test("an indexed cache document checks its index, not its records, and is not read as a plain one")
  func indexedDocument() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-file-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/workloads.bin"
    let index = Array("the index\n".utf8), records = Array("record one, record two".utf8)
    func store(_ index: [UInt8], _ records: [UInt8]) throws {
      try index.withUnsafeBytes { index in
        try records.withUnsafeBytes { records in
          try CacheFile.store(path, kind: "workloads", key: "k", indexAt: [index], recordsAt: [records])
        }
      }
    }
    try store(index, records)
    let (bytes, range) = try #require(CacheFile.loadIndexed(path, kind: "workloads", key: "k"))
    #expect(Array(bytes[range]) == index)
    #expect(Array(bytes[range.upperBound..<bytes.count]) == records)
    // Neither form reads as the other; nor does another key.
    #expect(CacheFile.load(path, kind: "workloads", key: "k") == nil)
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "other") == nil)
    try CacheFile.store(path, kind: "workloads", key: "k", payload: index + records)
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "k") == nil)
    // A record changed is the reader's to find; an index changed, or cut, is no document.
    try store(index, records)
    let written = try #require(FileManager.default.contents(atPath: path))
    var changed = written
    changed[changed.count - 1] ^= 0x20
    try changed.write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "k").map { Array($0.bytes[$0.index]) } == index)
    changed = written
    changed[written.count - records.count - 2] ^= 0x20
    try changed.write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "k") == nil)
    try written.prefix(written.count - records.count - 1).write(to: URL(fileURLWithPath: path))
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "k") == nil)
    // An empty index and no records.
    try store([], [])
    #expect(CacheFile.loadIndexed(path, kind: "workloads", key: "k").map { $0.index.isEmpty } == true)
  }

  @Test("strings come back byte for byte: a byte-order mark, composed and decomposed accents apart")
  func exactStrings() throws {
    let texts = ["\u{FEFF}Café", "Cafe\u{301}", "Caf\u{E9}", "Cafe\u{301}", "\u{FEFF}Café"]
    var out = BinaryWriter()
    for text in texts { out.string(text) }
    var input = BinaryReader(out.bytes)
    for text in texts { #expect(Array(try input.string().utf8) == Array(text.utf8)) }
    // The extreme integers a damaged day or instant could hold are refused, not trapped on.
    var extremes = BinaryWriter()
    extremes.int(Int.min)
    extremes.int(Int.min)
    input = BinaryReader(extremes.bytes)
    #expect(throws: BinaryFormatError.self) { try input.day() }
    #expect(throws: BinaryFormatError.self) { try input.timestamp() }
  }
}

@Suite("The program's fingerprint")
struct ProgramFingerprintTests {
  @Test("every shared library the process maps is part of it, the same every time")
  func libraries() throws {
    let libraries = ContentHash.loadedLibraries()
    #expect(libraries.contains { $0.contains("libswiftCore") })
    #expect(libraries.contains { $0.contains("libc.so") })
    #expect(libraries.count >= 10, "\(libraries)")
    #expect(ContentHash.loadedLibraries() == libraries)
    #expect(ContentHash.executable != nil)
  }

  @Test("the executable counts by the build ID its linker wrote, found in its ELF notes")
  func buildID() throws {
    let id = try #require(ContentHash.buildID("/proc/self/exe"))
    #expect(id.count >= 32 && id.allSatisfy(\.isHexDigit), "\(id)")
    #expect(ContentHash.buildID("/proc/self/exe") == id)
    // Anything else is no ELF file with a build ID: the executable then counts by its bytes.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finops-buildid-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = folder.appendingPathComponent("text").path
    try "not an executable\n".write(toFile: text, atomically: true, encoding: .utf8)
    #expect(ContentHash.buildID(text) == nil)
    let head = try #require(FileHandle(forReadingAtPath: "/proc/self/exe")).readData(ofLength: 40)
    let truncated = folder.appendingPathComponent("truncated").path
    try head.write(to: URL(fileURLWithPath: truncated))
    #expect(ContentHash.buildID(truncated) == nil)
    #expect(ContentHash.buildID(folder.appendingPathComponent("missing").path) == nil)
  }
}

@Suite("Content fingerprints")
struct ContentHashTests {
  @Test("a segment's fingerprint is the same whether its bytes come whole or in pieces split anywhere")
  func pieces() {
    // Pinned: a cache written by an earlier build is read by the same executable only, but the
    // fingerprint must not drift between the whole and the pieced forms.
    #expect(ContentHash("").hex == "66ef6b048c72cef4e914ad27f519a221")
    #expect(ContentHash("finops").hex == "d533cad9fb316494c36684f5069bbc1c")
    let bytes = Array(0..<256).map(UInt8.init) + Array(0..<256).map(UInt8.init) + Array(0..<256).map(UInt8.init)
      + Array("tail".utf8)
    var whole = ContentHash()
    whole.update(bytes)
    #expect(whole.hex == "73ff554b5dc7029609a8626f9ced1b2c")
    var generator = SystemRandomNumberGenerator()
    bytes.withUnsafeBytes { all in
      for _ in 0..<500 {
        // Cut points anywhere, empty pieces among them.
        let cuts = ([0, all.count] + (0..<Int.random(in: 0...8, using: &generator)).map { _ in
          Int.random(in: 0...all.count, using: &generator)
        }).sorted()
        let pieces = zip(cuts, cuts.dropFirst()).map { UnsafeRawBufferPointer(rebasing: all[$0..<$1]) }
        var pieced = ContentHash()
        pieced.update(pieces: pieces)
        #expect(pieced == whole, "\(cuts)")
      }
    }
    // Segments still frame their bytes.
    var two = ContentHash()
    two.update("ab")
    two.update("c")
    #expect(two.hex == "c6f08ea09efbf6f76d9211562b4dbad2")
    #expect(two != ContentHash("abc"))
  }
}
