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
  /// One outcome of a row, or a problem with the file, in the order the reader found it.
  enum Item: Sendable {
    /// A row that decoded.
    case record(SpendRecord)
    /// A row that did not, or a problem with the whole file.
    case diagnostic(Diagnostic)
    /// What is left in a batch once the receiver moved the item out.
    case taken
  }

  /// Rows per batch: enough to make the hand-over's locking negligible.
  static let batchSize = 1024
  /// Batches that may wait for the caller.
  static let depth = 8

  // Guards `batches` and `summary`; both threads wait on it (`NSCondition` exists on every
  // platform the package builds for, unlike `Mutex`).
  private let condition = NSCondition()
  private var batches: [[Item]] = []
  private var summary: SpendExportReader.Summary?

  /// Hands a batch over; blocks while `depth` batches are waiting.
  func send(_ batch: [Item]) {
    condition.lock()
    while batches.count >= Self.depth { condition.wait() }
    batches.append(batch)
    condition.broadcast()
    condition.unlock()
  }

  /// Ends the rows with the file's summary.
  func finish(_ summary: SpendExportReader.Summary) {
    condition.lock()
    self.summary = summary
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, waiting for it; nil once the reader has finished and every batch was taken.
  func receive() -> [Item]? {
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

/// Moves a value that is not `Sendable` to another thread, which becomes its only user.
final class Handover<Value>: @unchecked Sendable {
  /// The value; touched by the receiving thread only once handed over.
  var value: Value

  /// Wraps `value` for the hand-over.
  init(_ value: Value) { self.value = value }
}
