/// The shapes of the identifiers that name workloads, components, people and AWS resources.
public enum Identifiers {
  /// The component id alphabet: lowercase letters and digits without 0, 1, i, l, o.
  public static let componentIDAlphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")

  /// The longest slug that keeps `finops-{slug}-{id}` within IAM's 64-character role names.
  public static let maximumSlugLength = 52

  /// `finops-{slug}-{id}`: the default IAM role name of a component.
  public static func defaultRoleName(slug: String, id: String) -> String {
    String(spliced: "finops-\(slug)-\(id)")
  }

  /// Whether `id` is 4 characters of the component id alphabet.
  public static func isComponentID(_ id: String) -> Bool {
    id.count == 4 && id.allSatisfy { componentIDAlphabet.contains($0) }
  }

  /// Whether `slug` is lowercase letters and digits in hyphen-separated words, at most 52 long.
  public static func isSlug(_ slug: String) -> Bool {
    isHyphenatedWords(slug, maximumLength: maximumSlugLength)
  }

  /// Whether `id` is an org unit id: hyphen-separated lowercase words, at most 64 long.
  public static func isUnitID(_ id: String) -> Bool { isHyphenatedWords(id, maximumLength: 64) }

  private static func isHyphenatedWords(_ text: String, maximumLength: Int) -> Bool {
    guard (1...maximumLength).contains(text.utf8.count) else { return false }
    return text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
      .allSatisfy { word in !word.isEmpty && word.allSatisfy { isLowerAlnum($0) } }
  }

  /// A plausible email: one `@`, something before it, a dotted domain after it, no spaces or
  /// angle brackets.
  public static func isEmail(_ email: String) -> Bool {
    var at: Int?
    var lastDot: Int?
    var count = 0
    for byte in email.utf8 {
      switch byte {
      case UInt8(ascii: "@"):
        if at != nil { return false }
        at = count
      case UInt8(ascii: "."):
        if at != nil { lastDot = count }
      case 0...0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"):
        return false
      default:
        break
      }
      count += 1
    }
    guard let at, at > 0, let lastDot else { return false }
    // The domain has a dot that neither starts nor ends it.
    let firstDomainDot = email.utf8.dropFirst(at + 1).firstIndex(of: UInt8(ascii: "."))
      .map { email.utf8.distance(from: email.utf8.startIndex, to: $0) }
    return firstDomainDot != at + 1 && lastDot != count - 1
  }

  /// Exactly 12 digits.
  public static func isAccountID(_ id: String) -> Bool {
    id.utf8.count == 12 && id.utf8.allSatisfy { (48...57).contains($0) }
  }

  /// Lowercase words and digits joined by single hyphens, ending in a number: `us-east-1`,
  /// `us-gov-west-1`, `eusc-de-east-1`.
  public static func isRegion(_ text: String) -> Bool {
    // `letters-letters-…-digits`: at least three non-empty words, the last all digits, the
    // others all lowercase letters; read in one pass over the bytes.
    guard text.utf8.count <= 32 else { return false }
    var words = 0
    var length = 0
    var digits = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "-"):
        guard length > 0, digits == 0 else { return false }
        words += 1
        length = 0
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        guard digits == 0 else { return false }
        length += 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        length += 1
        digits += 1
      default:
        return false
      }
    }
    // The last word must be digits only.
    return words >= 2 && length > 0 && digits == length
  }

  /// A Claude Platform on AWS workspace ID such as `wrkspc_01AbCdEf23GhIj`: 1–128 letters,
  /// digits, `_` and `-`.
  public static func isWorkspaceID(_ id: String) -> Bool {
    (1...128).contains(id.utf8.count)
      && id.utf8.allSatisfy { byte in
        isLowerAlnum(byte) || (65...90).contains(byte) || byte == UInt8(ascii: "_")
          || byte == UInt8(ascii: "-")
      }
  }

  /// IAM role name: 1–64 characters of `[A-Za-z0-9+=,.@_-]`.
  public static func isRoleName(_ name: String) -> Bool {
    (1...64).contains(name.utf8.count)
      && name.utf8.allSatisfy { byte in
        isLowerAlnum(byte) || (65...90).contains(byte) || "+=,.@_-".utf8.contains(byte)
      }
  }

  private static func isLowerAlnum(_ byte: UInt8) -> Bool {
    (97...122).contains(byte) || (48...57).contains(byte)
  }
}

extension Component {
  /// The IAM role the component's application assumes: the approved override, else
  /// `finops-{slug}-{id}` (which fits IAM's 64 characters for any valid slug). Derived, never
  /// stored unless overridden.
  public func roleName(slug: String) -> String {
    approval?.roleName ?? Identifiers.defaultRoleName(slug: slug, id: id)
  }
}
