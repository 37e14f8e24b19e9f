import FinOpsCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The elements of a large JSON file's array (records, or runs of them under one key), written
/// piece by piece to a sink, each copied instead from the previous version of the file when that
/// file has a part under its key: parts that were neighbours there are copied as one range, so
/// that a file whose records are mostly unchanged is copied file to file by the kernel. Each
/// element's key and place in the new file are noted, for the build after.
struct SplicedElements {
  /// The file written, for errors.
  let path: String
  /// The previous version of the file, with its parts; nil: nothing is copied.
  let previous: PreviousFile?
  /// Copies a range of the previous file after what the sink was handed; nil: nothing is copied.
  let copy: ((Range<Int>) throws -> Void)?
  /// Takes each element's key and place in the new file.
  let noting: ((FilePart) -> Void)?
  /// Bytes handed to the sink or copied: where what the writer holds starts in the file.
  private(set) var drained = 0
  /// Elements to copy as one range of the previous file: where it goes in this one, and the
  /// position of its last part among the previous file's parts.
  private var run: (start: Int, range: Range<Int>, last: Int)?

  init(
    path: String, previous: PreviousFile?, copy: ((Range<Int>) throws -> Void)?, noting: ((FilePart) -> Void)?
  ) {
    self.path = path
    self.previous = previous
    self.copy = copy
    self.noting = noting
  }

  /// Hands what the writer holds to `sink` (which may keep part of it).
  mutating func drain(_ writer: inout PrettyJSONWriter, _ sink: (inout [UInt8]) throws -> Void) throws {
    let before = writer.count
    try writer.drain(sink)
    drained += before - writer.count
  }

  /// Copies the run of elements pending, if any.
  mutating func copyRun() throws {
    guard let pending = run, let copy else { return }
    try copy(pending.range)
    drained += pending.range.count
    run = nil
  }

  /// The next element of the array the writer stands in, under `key` (nil: neither copied nor
  /// noted): copied from the previous file when it has a part under that key, otherwise written
  /// by `write` after the separator the writer puts before it.
  mutating func element(
    key: String?, _ writer: inout PrettyJSONWriter, _ sink: (inout [UInt8]) throws -> Void,
    write: (inout PrettyJSONWriter) throws -> Void
  ) throws {
    if copy != nil, let key, let (position, range) = previous?.place(key) {
      // Its neighbour there is the element before it here: the separator between them is the
      // one the writer would write.
      if var pending = run, position == pending.last + 1 {
        pending.range = pending.range.lowerBound..<range.upperBound
        pending.last = position
        run = pending
        let offset = pending.start - pending.range.lowerBound
        noting?(FilePart(key: key, range: offset + range.lowerBound..<offset + range.upperBound))
        return
      }
      try copyRun()
      writer.element()
      try startCopy(&writer, sink)
      run = (drained, range, position)
      noting?(FilePart(key: key, range: drained..<drained + range.count))
      return
    }
    try copyRun()
    writer.element()
    let start = drained + writer.count
    try write(&writer)
    if let key { noting?(FilePart(key: key, range: start..<drained + writer.count)) }
  }

  /// The rest of the file from where the writer stands, under `key`: copied from the previous
  /// file when it has a part under that key, otherwise written by `write`, which ends the file
  /// and hands all it writes to the sink it is given.
  mutating func rest(
    key: String?, _ writer: inout PrettyJSONWriter, _ sink: (inout [UInt8]) throws -> Void,
    write: (inout PrettyJSONWriter, (inout [UInt8]) throws -> Void) throws -> Void
  ) throws {
    try copyRun()
    if let copy, let key, let (_, range) = previous?.place(key) {
      try startCopy(&writer, sink)
      try copy(range)
      noting?(FilePart(key: key, range: drained..<drained + range.count))
      drained += range.count
      return
    }
    let start = drained + writer.count
    var end = drained
    try withoutActuallyEscaping(sink) { sink in
      try write(&writer) { piece in
        // What the sink took (it may keep part of a piece, as `drain` allows).
        let before = piece.count
        try sink(&piece)
        end += before - piece.count
      }
    }
    if let key { noting?(FilePart(key: key, range: start..<end)) }
  }

  /// Hands what the writer holds to the sink before a copy: a sink that keeps any of it cannot
  /// take a range after it.
  private mutating func startCopy(_ writer: inout PrettyJSONWriter, _ sink: (inout [UInt8]) throws -> Void) throws {
    try drain(&writer, sink)
    guard (writer.count == 0) else { throw SiteWriteError(path: path, errno: EINVAL) }
  }
}
