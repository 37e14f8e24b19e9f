import Testing

@testable import FinOpsSpend

@Suite("Principals")
struct PrincipalTests {
  @Test("an ASCII ARN read as bytes is what reading its characters gives")
  func bytesAsCharacters() {
    // Random text from the pieces of ARNs, so that most of it nearly parses: colons and
    // slashes in every place, the prefixes whole, cut short and doubled.
    let pieces = [
      "arn", ":", ":", "::", "/", "//", "aws", "aws-us-gov", "sts", "iam", "111122223333",
      "assumed-role", "assumed-role/", "role", "role/", "Role-A", "path/", "s-1", "\r\n", "x",
    ]
    var generator = SystemRandomNumberGenerator()
    var texts = [
      "arn:aws:sts::111122223333:assumed-role/Role/s", "arn:aws:iam::111122223333:role/a/b/",
      "arn:aws:iam::111122223333:role//", "arn:aws:iam::111122223333:role/", "arn:aws:sts::1:",
      "arn:aws:sts::1:assumed-role//s", "arn:aws:iam:::role/x", "arn::iam::1:role/x", "",
    ]
    for _ in 0..<20_000 {
      let count = Int.random(in: 1...12, using: &generator)
      texts.append((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined())
    }
    for prefix in ["arn:aws:sts::1:", "arn:aws:iam::1:"] {
      for _ in 0..<5_000 {
        let count = Int.random(in: 1...6, using: &generator)
        let rest = (0..<count).map { _ in pieces.randomElement(using: &generator)! }
        texts.append(prefix + rest.joined())
      }
    }
    let differing = texts.filter { Principal(parsing: $0) != Principal.parsing(characters: $0) }
    #expect(differing.isEmpty, "\(differing.prefix(5))")
    // The pieces make roles as well as other callers.
    #expect(texts.contains { if case .role = Principal(parsing: $0) { true } else { false } })
  }
}
