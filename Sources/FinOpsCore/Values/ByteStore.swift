#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes that stay where they are for as long as anything holds them: a file mapped into memory
/// (read-only, private), or a copy of an array.
///
/// A cache file is mapped rather than read because reading copies it into fresh memory, which
/// the kernel first clears page by page: for the 26 MB spend report of a year of spend, most of
/// the time it took to load. Mapped, its pages are the file system's cache's, shared and
/// untouched until read. The cache's files are only ever replaced by renaming another file over
/// them, so a mapped file is never cut short under its reader (a file cut short by hand while
/// a build reads it stops the build, as it would stop git reading its index).
public final class ByteStore: @unchecked Sendable {
  /// The bytes (at least one byte of memory, even when empty, so that the address is never nil).
  public let base: UnsafePointer<UInt8>
  public let count: Int
  private let mapping: (address: UnsafeMutableRawPointer, length: Int)?

  /// A copy of `bytes`.
  public init(_ bytes: [UInt8]) {
    let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    bytes.withUnsafeBufferPointer { source in
      if let address = source.baseAddress { memory.initialize(from: address, count: source.count) }
    }
    base = UnsafePointer(memory)
    count = bytes.count
    mapping = nil
  }

  private init(mapped address: UnsafeMutableRawPointer, count: Int) {
    base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
    self.count = count
    mapping = (address, count)
  }

  /// The `size` bytes of the file open at `descriptor`, from its start, mapped (its pages
  /// made present at once, which costs less than faulting them in one by one); read into
  /// memory where the file system cannot map it; nil when it cannot be read whole.
  ///
  /// With `populate` false, pages are made present as they are first read (or by `populate(_:)`):
  /// for a file of which a part is read.
  public static func map(_ descriptor: Int32, size: Int, populate: Bool = true) -> ByteStore? {
    guard size > 0 else { return ByteStore([]) }
    #if os(Linux)
      let flags = populate ? MAP_PRIVATE | MAP_POPULATE : MAP_PRIVATE
    #else
      let flags = MAP_PRIVATE
    #endif
    if let address = mmap(nil, size, PROT_READ, flags, descriptor, 0), address != MAP_FAILED {
      return ByteStore(mapped: address, count: size)
    }
    guard lseek(descriptor, 0, SEEK_SET) == 0, let bytes = CacheFile.read(descriptor, size: size) else { return nil }
    return ByteStore(bytes)
  }

  /// Makes the pages of `range` present at once, when the bytes are a mapping whose pages were
  /// not (`map(_:size:populate:)`); a hint, ignored where the system does not take it.
  public func populate(_ range: Range<Int>) {
    #if os(Linux)
      guard let mapping, !range.isEmpty, range.lowerBound >= 0, range.upperBound <= count else { return }
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      let start = range.lowerBound / page * page
      // MADV_POPULATE_READ (Linux 5.14), which Glibc's headers here may not name.
      _ = madvise(mapping.address + start, range.upperBound - start, 22)
    #endif
  }

  deinit {
    if let mapping {
      munmap(mapping.address, mapping.length)
    } else {
      UnsafeMutablePointer(mutating: base).deallocate()
    }
  }

  /// All the bytes.
  @inlinable public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// The bytes in `range` (within `0..<count`), as a buffer valid while this store is held.
  @inlinable public subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range outside the bytes")
    return UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
  }
}

extension ByteStore: Equatable {
  /// Whether two stores hold the same bytes.
  public static func == (left: ByteStore, right: ByteStore) -> Bool {
    left === right || (left.count == right.count && memcmp(left.base, right.base, left.count) == 0)
  }
}
