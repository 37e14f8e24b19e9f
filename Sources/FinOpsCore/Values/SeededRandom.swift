/// SplitMix64: a small deterministic generator, so a seed always gives the same numbers (the
/// benchmark corpus, randomized tests).
public struct SeededRandom: RandomNumberGenerator, Sendable {
  /// The generator's state; the seed to begin with.
  public var state: UInt64

  /// A generator starting from `seed`.
  public init(state seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range` (modulo the bits: slightly uneven, and the same for a seed forever).
  public mutating func int(_ range: Range<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  /// One of `items`.
  public mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}
