import FinOpsCore
import Foundation

/// Carries decoded rows from the thread that reads an export to the thread that asked for them,
/// in batches and in file order.
///
/// Reading, parsing and decoding a row costs about as much as attributing it, so the reader does
/// the first half on a second core while the caller does the second. At most `depth` batches
/// wait at any time: a fast reader blocks until the caller catches up, so memory stays flat
/// whatever the file's size.
final class RowPipeline: @unchecked Sendable {
  /// Rows per batch: enough to make the hand-over's locking negligible.
  static let batchSize = 1024
  /// Batches that may wait for the caller.
  static let depth = 8

  // Guards `batches` and `summary`; both threads wait on it (`NSCondition` exists on every
  // platform the package builds for, unlike `Mutex`).
  private let condition = NSCondition()
  private var batches: [RowBatch] = []
  private var summary: SpendExportReader.Summary?

  /// Hands a batch over; blocks while `depth` batches are waiting.
  func send(_ batch: RowBatch) {
    condition.lock()
    while batches.count >= Self.depth { condition.wait() }
    batches.append(batch)
    condition.broadcast()
    condition.unlock()
  }

  /// Sends `batch` and puts an empty one in its place when it is full.
  func sendIfFull(_ batch: inout RowBatch) {
    guard batch.isFull else { return }
    send(batch)
    batch = RowBatch(capacity: Self.batchSize)
  }

  /// Ends the rows with the file's summary.
  func finish(_ summary: SpendExportReader.Summary) {
    condition.lock()
    self.summary = summary
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, waiting for it; nil once the reader has finished and every batch was taken.
  func receive() -> RowBatch? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && summary == nil { condition.wait() }
    guard !batches.isEmpty else { return nil }
    condition.broadcast()
    return batches.removeFirst()
  }

  /// The summary the reader finished with; call after `receive()` returned nil.
  var result: SpendExportReader.Summary? {
    condition.lock()
    defer { condition.unlock() }
    return summary
  }
}

/// Rows of an export on their way from the reading thread to the caller: the records in file
/// order, and the diagnostics with their places among them.
///
/// Records are moved in and moved out, never copied: a copy retains every string of the record
/// and freeing it releases them again, which cost a tenth of reading a million rows.
final class RowBatch: @unchecked Sendable {
  private let records: UnsafeMutablePointer<SpendRecord>
  private let capacity: Int
  /// Records appended.
  private var count = 0
  /// Records moved out by `drain`.
  private var drained = 0
  /// Each diagnostic with the number of records of the batch before it.
  private var diagnostics: [(position: Int, diagnostic: Diagnostic)] = []

  /// An empty batch with room for `capacity` records.
  init(capacity: Int) {
    self.capacity = capacity
    records = .allocate(capacity: capacity)
  }

  deinit {
    (records + drained).deinitialize(count: count - drained)
    records.deallocate()
  }

  /// Whether the batch has as many rows as it should carry.
  var isFull: Bool { count == capacity || diagnostics.count >= capacity }

  /// Whether the batch has no rows.
  var isEmpty: Bool { count == 0 && diagnostics.isEmpty }

  /// Appends a record; the batch must not be full.
  func append(_ record: consuming SpendRecord) {
    precondition(count < capacity, "a full batch of rows")
    (records + count).initialize(to: record)
    count += 1
  }

  /// Appends a diagnostic after the records so far.
  func append(_ diagnostic: Diagnostic) {
    diagnostics.append((count, diagnostic))
  }

  /// Hands every row to `record` or `diagnostic` in file order, moving the records out.
  func drain(record: (SpendRecord) -> Void, diagnostic: (Diagnostic) -> Void) {
    var next = 0
    while drained < count {
      while next < diagnostics.count, diagnostics[next].position == drained {
        diagnostic(diagnostics[next].diagnostic)
        next += 1
      }
      drained += 1
      record((records + drained - 1).move())
    }
    while next < diagnostics.count {
      diagnostic(diagnostics[next].diagnostic)
      next += 1
    }
    diagnostics = []
  }
}

/// Moves a value that is not `Sendable` to another thread, which becomes its only user.
final class Handover<Value>: @unchecked Sendable {
  /// The value; touched by the receiving thread only once handed over.
  var value: Value

  /// Wraps `value` for the hand-over.
  init(_ value: Value) { self.value = value }
}
