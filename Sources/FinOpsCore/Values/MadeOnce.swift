import Foundation

/// A value made the first time it is asked for, by whichever thread asks first, and kept: for
/// what a build derives about every workload but reads for a few (a build after one edit
/// renders the pages of that workload alone).
public final class MadeOnce<Value: Sendable>: @unchecked Sendable {
  // Guards `made` and `make`.
  private let lock = NSLock()
  private var made: Value?
  private var make: (@Sendable () -> Value)?

  /// The value `make` returns, made when first asked for.
  public init(_ make: @escaping @Sendable () -> Value) { self.make = make }

  /// The value (made now if it was not yet; `make` runs once, and is let go after).
  public var value: Value {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    let value = make!()
    made = value
    make = nil
    return value
  }
}
