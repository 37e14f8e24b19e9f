import FinOpsCore

/// A component whose approval names an IAM role, with the window in which its spend is
/// attributed to it.
///
/// The role name is the record's (`Component.roleName(slug:)`, shared with provisioning); the
/// role ARN is `arn:aws:iam::ACCOUNT:role/NAME` in the approved account.
public struct RoleBinding: Sendable, Hashable {
  /// The component.
  public var reference: ComponentReference
  /// The workload's title.
  public var title: String
  /// The workload's E4 unit.
  public var product: String
  /// The component's status now.
  public var status: Status
  /// The IAM role name.
  public var roleName: String
  /// The approved account.
  public var account: String
  /// The approved Region.
  public var region: String
  /// The approved model ID.
  public var model: String
  /// When the owner claimed it: attribution starts here.
  public var claimedAt: Timestamp?
  /// When it was retired: attribution ends here.
  public var retiredAt: Timestamp?
  /// The Product Owner's monthly budget.
  public var monthlyBudget: Money
  /// The FinOps Lead's confirmed monthly estimate.
  public var monthlyEstimate: Money
  /// The declared business case.
  public var businessCase: BusinessCase

  /// Creates a binding.
  public init(
    reference: ComponentReference, title: String, product: String, status: Status,
    roleName: String, account: String, region: String, model: String, claimedAt: Timestamp?,
    retiredAt: Timestamp?, monthlyBudget: Money, monthlyEstimate: Money,
    businessCase: BusinessCase
  ) {
    self.reference = reference
    self.title = title
    self.product = product
    self.status = status
    self.roleName = roleName
    self.account = account
    self.region = region
    self.model = model
    self.claimedAt = claimedAt
    self.retiredAt = retiredAt
    self.monthlyBudget = monthlyBudget
    self.monthlyEstimate = monthlyEstimate
    self.businessCase = businessCase
  }

  /// Every component with an approval (the only ones that have a role), in workload order.
  public static func bindings(_ workloads: some Collection<Workload>) -> [RoleBinding] {
    var result: [RoleBinding] = []
    for workload in workloads {
      for component in workload.components {
        guard let approval = component.approval else { continue }
        let retired = component.history.last { $0.transition == .retire }?.at
        result.append(
          RoleBinding(
            reference: ComponentReference(workload: workload.slug, component: component.id),
            title: workload.title, product: workload.product, status: component.status,
            roleName: component.roleName(slug: workload.slug),
            account: approval.account, region: approval.region, model: approval.model,
            claimedAt: component.claim?.at, retiredAt: retired,
            monthlyBudget: component.request.monthlyBudget,
            monthlyEstimate: approval.estimate.monthly,
            businessCase: component.request.businessCase))
      }
    }
    return result
  }

  /// `arn:aws:iam::ACCOUNT:role/NAME`.
  public var roleARN: String { "arn:aws:iam::\(account):role/\(roleName)" }

  /// Whether a charge period `[start, end)` overlaps the attribution window
  /// `[claimedAt, retiredAt)`. A period that straddles the claim or the retirement belongs to the
  /// component: an export's granularity (hour, day) is the precision attribution has.
  public func isLive(from start: Timestamp, to end: Timestamp) -> Bool {
    guard let claimedAt else { return false }
    let endsAfterClaim = end > claimedAt || (start == end && start >= claimedAt)
    guard endsAfterClaim else { return false }
    guard let retiredAt else { return true }
    return start < retiredAt
  }
}
