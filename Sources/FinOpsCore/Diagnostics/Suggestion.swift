/// "Did you mean" suggestions for misspelt keys and enum values.
public enum Suggestion {
  /// The candidate closest to `value` by edit distance, when it is close enough to be a typo.
  public static func closest<S: Sequence>(to value: String, in candidates: S) -> String?
  where S.Element == String {
    let needle = Array(value.lowercased().unicodeScalars)
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(needle, Array(candidate.lowercased().unicodeScalars))
      if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = max(2, min(needle.count, candidate.count) / 3)
    return distance <= limit ? candidate : nil
  }

  /// `; did you mean 'x'?` or the empty string.
  public static func didYouMean<S: Sequence>(_ value: String, in candidates: S) -> String
  where S.Element == String {
    closest(to: value, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
