import FinOpsCore
import Foundation

/// Reads cost exports, streaming: FOCUS or CUR 2.0 CSV (told by the header), plain or
/// gzip-compressed, in constant memory whatever the file's size.
///
/// Every data row becomes exactly one `SpendRecord` or one `Diagnostic`; nothing is skipped
/// silently. A file whose header cannot be understood is one `spend.header` error that says how
/// many rows it holds; a file that cannot be opened or decompressed is a `spend.read` error.
public enum SpendExportReader {
  /// What reading one file gave besides the records.
  public struct Summary: Sendable, Hashable {
    /// The file's repository-relative path.
    public var path: String
    /// The flavour, when the header was understood.
    public var flavor: ExportFlavor?
    /// Rows turned into records.
    public var records: Int
    /// Rows turned into diagnostics (or not read because the header was not understood).
    public var rejected: Int

    /// Creates a summary.
    public init(path: String, flavor: ExportFlavor?, records: Int, rejected: Int) {
      self.path = path
      self.flavor = flavor
      self.records = records
      self.rejected = rejected
    }
  }

  /// Whether `name` looks like a cost export: `.csv` or `.csv.gz`.
  public static func isExportFile(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz")
  }

  /// The repository-relative paths of every export under `folder` (recursively) of `root`,
  /// sorted by path: the order deliveries are applied in (see `Delivery`).
  public static func exportFiles(root: String, folder: String = "spend") -> [String] {
    let base = URL(fileURLWithPath: root).appendingPathComponent(folder)
    guard
      let enumerator = FileManager.default.enumerator(
        at: base, includingPropertiesForKeys: [.isRegularFileKey])
    else { return [] }
    var paths: [String] = []
    for case let url as URL in enumerator where isExportFile(url.lastPathComponent) {
      let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile ?? false
      guard isFile else { continue }
      let relative = url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count)
      paths.append(folder + relative)
    }
    return paths.sorted()
  }

  /// Reads the file at `root/path`: gzip when it starts with gzip's magic bytes, else plain CSV.
  ///
  /// Pipelined (the default), a second thread reads, parses and decodes the rows while `record`
  /// runs on this one (see `parse(path:stream:record:diagnostic:)`); else everything runs on
  /// the calling thread, for callers that keep every core busy already.
  public static func read(
    root: String, path: String, pipelined: Bool = true, record: (SpendRecord) -> Void,
    diagnostic: (Diagnostic) -> Void
  ) -> Summary {
    let full = URL(fileURLWithPath: root).appendingPathComponent(path).path
    let location = SourceLocation(path: path, line: 1, column: 1)
    do {
      var stream: any ByteStream =
        try isGzip(full) ? GzipByteStream(path: full) : FileByteStream(path: full)
      guard pipelined else {
        return decode(path: path, stream: &stream, record: { record($0) }, diagnostic: diagnostic)
      }
      return parse(path: path, stream: stream, record: record, diagnostic: diagnostic)
    } catch {
      diagnostic(.error(location, rule: "spend.read", "cannot read the export: \(error)"))
      return Summary(path: path, flavor: nil, records: 0, rejected: 0)
    }
  }

  /// Parses an export from any byte stream; pure apart from the stream itself.
  ///
  /// A second thread reads, parses and decodes the rows (see `RowPipeline`); `record` and
  /// `diagnostic` are called on the calling thread, in file order, before this returns.
  public static func parse(
    path: String, stream: some ByteStream, record: (SpendRecord) -> Void,
    diagnostic: (Diagnostic) -> Void
  ) -> Summary {
    let pipeline = RowPipeline()
    // Type-erased, so the reading thread captures no generic type.
    let source = Handover<any ByteStream>(stream)
    let reader = Thread { produce(path: path, stream: &source.value, into: pipeline) }
    reader.start()
    while let batch = pipeline.receive() {
      batch.drain(record: record, diagnostic: diagnostic)
    }
    return pipeline.result ?? Summary(path: path, flavor: nil, records: 0, rejected: 0)
  }

  /// Reads, parses and decodes the whole stream on the current thread, in batches to `pipeline`.
  ///
  /// The batch is a local variable that only non-escaping closures capture, so that each row's
  /// access to it is checked for exclusivity when compiling, not at run time.
  private static func produce(
    path: String, stream: inout any ByteStream, into pipeline: RowPipeline
  ) {
    var batch = RowBatch(capacity: RowPipeline.batchSize)
    let summary = decode(
      path: path, stream: &stream,
      record: { record in
        pipeline.sendIfFull(&batch)
        batch.append(record)
      },
      diagnostic: { problem in
        pipeline.sendIfFull(&batch)
        batch.append(problem)
      })
    if !batch.isEmpty { pipeline.send(batch) }
    pipeline.finish(summary)
  }

  /// Reads, parses and decodes the whole stream on the current thread.
  private static func decode(
    path: String, stream: inout any ByteStream, record: (consuming SpendRecord) -> Void,
    diagnostic: (Diagnostic) -> Void
  ) -> Summary {
    var parser = CSVParser()
    var state = ParseState(path: path)
    let location = SourceLocation(path: path, line: 1, column: 1)
    do {
      while try stream.next({ chunk in
        parser.feed(chunk) { state.take($0, record: record, diagnostic: diagnostic) }
      }) {}
      parser.finish { state.take($0, record: record, diagnostic: diagnostic) }
      try stream.close()
    } catch {
      parser.finish { state.take($0, record: record, diagnostic: diagnostic) }
      try? stream.close()
      diagnostic(
        .error(
          SourceLocation(path: path, line: parser.currentLine, column: 1), rule: "spend.read",
          "reading stopped at line \(parser.currentLine): \(error)"))
    }
    if state.headerSeen == false {
      diagnostic(
        .error(location, rule: "spend.header", "the export is empty: it has no header row"))
    } else if state.header == nil, state.unread > 0 {
      diagnostic(
        .error(
          location, rule: "spend.header",
          "\(state.unread) data row\(state.unread == 1 ? " was" : "s were") "
            + "not read because the header was not understood"
        ))
    }
    return Summary(
      path: path, flavor: state.header?.flavor, records: state.records,
      rejected: state.rejected + state.unread)
  }

  /// Parses an export held in memory (tests, small files).
  public static func parse(
    path: String, bytes: [UInt8], chunkSize: Int = 1 << 16
  ) -> (records: [SpendRecord], diagnostics: [Diagnostic], summary: Summary) {
    var records: [SpendRecord] = []
    var diagnostics: [Diagnostic] = []
    let summary = parse(
      path: path, stream: MemoryByteStream(bytes, chunkSize: chunkSize),
      record: { records.append($0) }, diagnostic: { diagnostics.append($0) })
    return (records, diagnostics, summary)
  }

  private static func isGzip(_ path: String) throws -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ByteStreamError("cannot open the file")
    }
    defer { try? handle.close() }
    let magic = (try? handle.read(upToCount: 2)) ?? Data()
    return magic.count == 2 && magic[magic.startIndex] == 0x1F
      && magic[magic.startIndex + 1] == 0x8B
  }

  /// The header, then one decoder call per record.
  private struct ParseState {
    /// The file's path.
    let path: String
    var headerSeen = false
    var header: ExportHeader?
    var decoder: SpendRowDecoder?
    var records = 0
    var rejected = 0
    var unread = 0

    init(path: String) { self.path = path }

    mutating func take(
      _ row: CSVRecord, record: (consuming SpendRecord) -> Void, diagnostic: (Diagnostic) -> Void
    ) {
      guard headerSeen else {
        headerSeen = true
        let (parsed, problems) = ExportHeader.parse(row.strings, path: path)
        problems.forEach(diagnostic)
        header = parsed
        decoder = parsed.map { SpendRowDecoder(header: $0, path: path) }
        return
      }
      guard decoder != nil else {
        unread += 1
        return
      }
      if let problem = decoder?.decode(row, into: record) {
        rejected += 1
        diagnostic(problem)
      } else {
        records += 1
      }
    }
  }
}
