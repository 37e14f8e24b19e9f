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
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[3].isEmpty,
      !parts[4].isEmpty
    else {
      self = .other(arn)
      return
    }
    let partition = String(parts[1])
    let account = String(parts[4])
    let resource = parts[5]
    if parts[2] == "sts", resource.hasPrefix("assumed-role/") {
      let rest = resource.dropFirst("assumed-role/".count)
      let name = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
      guard !name.isEmpty else {
        self = .other(arn)
        return
      }
      self = .role(partition: partition, account: account, name: String(name))
    } else if parts[2] == "iam", resource.hasPrefix("role/"),
      let name = resource.split(separator: "/").last, resource.count > "role/".count
    {
      self = .role(partition: partition, account: account, name: String(name))
    } else {
      self = .other(arn)
    }
  }

  /// `arn:PARTITION:iam::ACCOUNT:role/NAME` for a role; the principal as written otherwise.
  public var normalized: String {
    switch self {
    case .role(let partition, let account, let name):
      "arn:\(partition):iam::\(account):role/\(name)"
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
