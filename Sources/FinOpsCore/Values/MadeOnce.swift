import Synchronization

/// A value made the first time it is asked for, by whichever thread asks first, and kept: for
/// what a build derives about every workload but reads for a few (a build after one edit
/// renders the pages of that workload alone).
public final class MadeOnce<Value: Sendable>: Sendable {
  /// The value once made, else how to make it.
  private let state: Mutex<(made: Value?, make: (@Sendable () -> Value)?)>

  /// The value `make` returns, made when first asked for.
  public init(_ make: @escaping @Sendable () -> Value) { state = Mutex((nil, make)) }

  /// The value (made now if it was not yet; `make` runs once, and is let go after).
  public var value: Value {
    state.withLock { state in
      if let made = state.made { return made }
      let value = state.make!()
      state = (value, nil)
      return value
    }
  }
}
