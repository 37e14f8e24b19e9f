import FinOpsCore

/// The caller of a cost row, from its IAM principal ARN.
///
/// `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION` (a role session, as CUR 2.0 writes
/// `line_item_iam_principal` for roles) and `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME` are the
/// role `arn:PARTITION:iam::ACCOUNT:role/NAME`; anything else (an IAM user, a Bedrock API key's
/// user, the root user, text that is no ARN) is `other`. IAM role names are unique
/// case-insensitively, so roles compare by their lowercased name.
public enum Principal: Sendable, Hashable {
  /// An IAM role, from a session or the role's own ARN.
  case role(partition: String, account: String, name: String)
  /// Any other caller, kept as written.
  case other(String)

  /// Parses a principal ARN.
  public init(parsing arn: String) {
    // Every real ARN is ASCII, where a byte is a character: read as bytes, as splitting a
    // `String` walks its characters (37,000 instructions an ARN).
    var text = arn
    let ascii: Principal? = text.withUTF8 { bytes in
      bytes.allSatisfy { $0 < 0x80 } ? Self.parsing(ascii: bytes, arn) : nil
    }
    self = ascii ?? Self.parsing(characters: arn)
  }

  /// `init(parsing:)` of `arn`, whose UTF-8 `bytes` are all ASCII.
  private static func parsing(ascii bytes: UnsafeBufferPointer<UInt8>, _ arn: String) -> Principal {
    // The five colons that make six parts; the sixth part keeps any colons after them.
    var colons: [Int] = []
    colons.reserveCapacity(5)
    for index in bytes.indices where bytes[index] == UInt8(ascii: ":") {
      colons.append(index)
      if colons.count == 5 { break }
    }
    guard colons.count == 5 else { return .other(arn) }
    func part(_ number: Int) -> UnsafeBufferPointer<UInt8> {
      let start = number == 0 ? 0 : colons[number - 1] + 1
      let end = number == 5 ? bytes.count : colons[number]
      return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
    func text(_ part: UnsafeBufferPointer<UInt8>) -> String {
      String(decoding: part, as: UTF8.self)
    }
    func starts(_ part: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
      part.count >= prefix.utf8CodeUnitCount
        && (0..<prefix.utf8CodeUnitCount).allSatisfy { part[$0] == prefix.utf8Start[$0] }
    }
    func equals(_ part: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
      part.count == literal.utf8CodeUnitCount && starts(part, literal)
    }
    guard equals(part(0), "arn"), !part(1).isEmpty, part(3).isEmpty, !part(4).isEmpty else {
      return .other(arn)
    }
    let resource = part(5)
    if equals(part(2), "sts"), starts(resource, "assumed-role/") {
      let rest = UnsafeBufferPointer(rebasing: resource[13...])
      let name = UnsafeBufferPointer(
        rebasing: rest[..<(rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex)])
      guard !name.isEmpty else { return .other(arn) }
      return .role(partition: text(part(1)), account: text(part(4)), name: text(name))
    }
    // The last name between slashes (`split` leaves out empty ones, so `role/` alone is none
    // past the prefix but `role` itself).
    if equals(part(2), "iam"), starts(resource, "role/"), resource.count > 5 {
      var end = resource.count
      while end > 0, resource[end - 1] == UInt8(ascii: "/") { end -= 1 }
      var start = end
      while start > 0, resource[start - 1] != UInt8(ascii: "/") { start -= 1 }
      let name = UnsafeBufferPointer(rebasing: resource[start..<end])
      return .role(partition: text(part(1)), account: text(part(4)), name: text(name))
    }
    return .other(arn)
  }

  /// `init(parsing:)` by characters, for text that is not ASCII.
  static func parsing(characters arn: String) -> Principal {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[3].isEmpty,
      !parts[4].isEmpty
    else {
      return .other(arn)
    }
    let partition = String(parts[1])
    let account = String(parts[4])
    let resource = parts[5]
    if parts[2] == "sts", resource.hasPrefix("assumed-role/") {
      let rest = resource.dropFirst("assumed-role/".count)
      let name = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
      guard !name.isEmpty else {
        return .other(arn)
      }
      return .role(partition: partition, account: account, name: String(name))
    } else if parts[2] == "iam", resource.hasPrefix("role/"),
      let name = resource.split(separator: "/").last, resource.count > "role/".count
    {
      return .role(partition: partition, account: account, name: String(name))
    } else {
      return .other(arn)
    }
  }

  /// `arn:PARTITION:iam::ACCOUNT:role/NAME` for a role; the principal as written otherwise.
  public var normalized: String {
    switch self {
    case .role(let partition, let account, let name):
      String(spliced: "arn:\(partition):iam::\(account):role/\(name)")
    case .other(let text): text
    }
  }

  /// The account of a role.
  public var account: String? {
    if case .role(_, let account, _) = self { return account }
    return nil
  }

  /// The lowercased name of a role, the key roles are matched on.
  public var roleKey: String? {
    if case .role(_, _, let name) = self { return name.lowercased() }
    return nil
  }
}
