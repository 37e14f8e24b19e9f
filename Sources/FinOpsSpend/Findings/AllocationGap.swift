import FinOpsCore

/// A finding: spend that escapes or bends the governed path, with the workload, the evidence and
/// what to do about it.
public struct AllocationGap: Sendable, Hashable {
  /// What kind of gap.
  public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Spend from the role of a component that was created but not claimed at the time
    /// (ready-to-claim, or before the claim): unattributed.
    case unclaimedRole = "unclaimed-role"
    /// Attributed spend on a model other than the approved one.
    case unapprovedModel = "unapproved-model"
    /// Spend from the component's role name in another account than the approved one:
    /// unattributed (it is another role).
    case outsideApprovedAccount = "outside-approved-account"
    /// Attributed spend in another Region than the approved one.
    case outsideApprovedRegion = "outside-approved-region"
    /// Spend from a retired component's role after its retirement: unattributed.
    case afterRetirement = "after-retirement"
    /// One role (account and name) derived by more than one component.
    case sharedRole = "shared-role"
    /// Spend from a caller that is no role of any request: unattributed.
    case unrequestedPrincipal = "unrequested-principal"

    /// Orders in declaration order.
    public static func < (lhs: Kind, rhs: Kind) -> Bool {
      (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// A short title for people.
    public var title: String {
      switch self {
      case .unclaimedRole: "Spend from an unclaimed role"
      case .unapprovedModel: "Spend on a model that was not approved"
      case .outsideApprovedAccount: "Spend outside the approved account"
      case .outsideApprovedRegion: "Spend outside the approved Region"
      case .afterRetirement: "Spend after retirement"
      case .sharedRole: "Role shared by more than one component"
      case .unrequestedPrincipal: "Spend from a principal with no request"
      }
    }

    /// Whether the gap's spend is attributed to the component (true) or left unattributed.
    public var isAttributed: Bool { self == .unapprovedModel || self == .outsideApprovedRegion }
  }

  /// What kind of gap.
  public var kind: Kind
  /// The components concerned (empty for a principal with no request).
  public var components: [ComponentReference]
  /// One sentence: what was seen.
  public var message: String
  /// The rows behind it.
  public var evidence: GapEvidence
  /// What to do, with the command when there is one.
  public var action: String

  /// Creates a finding.
  public init(
    kind: Kind, components: [ComponentReference], message: String, evidence: GapEvidence,
    action: String
  ) {
    self.kind = kind
    self.components = components
    self.message = message
    self.evidence = evidence
    self.action = action
  }
}
