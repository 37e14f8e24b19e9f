/// Why spend belongs to no component. Unattributed spend is kept and shown, never dropped.
public enum UnattributedReason: String, Sendable, Hashable, CaseIterable, Comparable {
  /// The row names no caller (tax, support, services outside IAM principal attribution).
  case noPrincipal = "no-principal"
  /// The caller is no role of any request: a principal nobody asked for.
  case unrequestedPrincipal = "unrequested-principal"
  /// The role of a component that was not claimed (yet) when the spend happened.
  case unclaimedRole = "unclaimed-role"
  /// The role of a component after it was retired.
  case afterRetirement = "after-retirement"
  /// A component's role name, but in another account than the approved one (another role).
  case otherAccount = "other-account"
  /// The role is claimed by more than one live component at that time: ambiguous.
  case sharedRole = "shared-role"

  /// Orders in declaration order.
  public static func < (lhs: UnattributedReason, rhs: UnattributedReason) -> Bool {
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }

  /// A few words for people.
  public var title: String {
    switch self {
    case .noPrincipal: "no caller identity"
    case .unrequestedPrincipal: "principal with no request"
    case .unclaimedRole: "role not claimed"
    case .afterRetirement: "after retirement"
    case .otherAccount: "outside the approved account"
    case .sharedRole: "shared role"
    }
  }
}
