import FinOpsCore

extension Attribution {
  /// The allocation gaps in the surviving rows, plus every role shared by several components.
  func findings(_ partitions: [[BucketKey: Tally]]) -> [AllocationGap] {
    var groups: [FindingKey: FindingTally] = [:]
    for buckets in partitions {
      // A bucket's tally is read only for a bucket that makes a finding (most do not).
      for position in buckets.indices {
        let key = buckets.keys[position]
        var tally: Tally { buckets.values[position] }
        switch key.outcome {
        case .attributed(let index):
          if key.modelMismatch {
            groups[
              FindingKey(kind: .unapprovedModel, binding: index, detail: key.model ?? ""),
              default: FindingTally()
            ].add(key, tally)
          }
          if key.regionMismatch {
            groups[
              FindingKey(kind: .outsideApprovedRegion, binding: index, detail: key.region ?? ""),
              default: FindingTally()
            ].add(key, tally)
          }
        case .unattributed(.unclaimedRole, let binding?):
          groups[FindingKey(kind: .unclaimedRole, binding: binding, detail: ""), default: .init()]
            .add(key, tally)
        case .unattributed(.afterRetirement, let binding?):
          groups[FindingKey(kind: .afterRetirement, binding: binding, detail: ""), default: .init()]
            .add(key, tally)
        case .unattributed(.otherAccount, let binding?):
          let account = key.principal.flatMap { Principal(parsing: $0).account } ?? ""
          groups[
            FindingKey(kind: .outsideApprovedAccount, binding: binding, detail: account),
            default: .init()
          ].add(key, tally)
        case .unattributed(.unrequestedPrincipal, _):
          groups[
            FindingKey(kind: .unrequestedPrincipal, binding: nil, detail: key.principal ?? ""),
            default: .init()
          ].add(key, tally)
        default:
          break
        }
      }
    }
    var result = groups.map { key, tally in gap(key, tally) }
    result += sharedRoles(partitions)
    return result.sorted {
      (
        $0.kind, $0.components.map(\.description).joined(separator: ","),
        $0.evidence.principal ?? "", $0.evidence.observed ?? ""
      )
        < (
          $1.kind, $1.components.map(\.description).joined(separator: ","),
          $1.evidence.principal ?? "", $1.evidence.observed ?? ""
        )
    }
  }

  private func gap(_ key: FindingKey, _ tally: FindingTally) -> AllocationGap {
    let amounts = tally.amounts.sorted()
    let spent = Self.describe(amounts)
    let days = tally.days
    guard let index = key.binding else {
      let principal = key.detail.isEmpty ? "(none)" : key.detail
      return AllocationGap(
        kind: .unrequestedPrincipal, components: [],
        message: "\(principal) spent \(spent) \(days) and belongs to no request",
        evidence: evidence(tally, amounts, principal: key.detail, observed: nil, expected: nil),
        action:
          "Find who owns \(principal): have them submit a request (finops submit) so the spend "
          + "has a budget, or remove the caller's access to the models")
    }
    let binding = bindings[index]
    let reference = binding.reference
    let role = binding.roleARN
    switch key.kind {
    case .unclaimedRole:
      if let claimed = binding.claimedAt {
        return AllocationGap(
          kind: .unclaimedRole, components: [reference],
          message:
            "role \(binding.roleName) of \(reference) spent \(spent) \(days), "
            + "before the claim at \(claimed)",
          evidence: evidence(tally, amounts, principal: role, observed: nil, expected: nil),
          action:
            "Spend before the claim stays unattributed; ask who used the role before the owner "
            + "claimed it, and claim as soon as the handoff is deployed")
      }
      return AllocationGap(
        kind: .unclaimedRole, components: [reference],
        message:
          "role \(binding.roleName) of \(reference) spent \(spent) \(days) "
          + "but the component is \(binding.status.rawValue), never claimed",
        evidence: evidence(tally, amounts, principal: role, observed: nil, expected: nil),
        action: "The owner claims it so its spend is attributed: finops claim \(reference)")
    case .unapprovedModel:
      return AllocationGap(
        kind: .unapprovedModel, components: [reference],
        message:
          "\(reference) spent \(spent) on \(key.detail) \(days); "
          + "the approved model is \(binding.model)",
        evidence: evidence(
          tally, amounts, principal: role, observed: key.detail, expected: binding.model),
        action:
          "Set BEDROCK_MODEL_ID=\(binding.model) as the Developer Handoff says, or submit a "
          + "change for the FinOps Lead to approve the new model; check that the permission policy "
          + "denies every other model")
    case .outsideApprovedRegion:
      return AllocationGap(
        kind: .outsideApprovedRegion, components: [reference],
        message:
          "\(reference) spent \(spent) in \(key.detail) \(days); "
          + "the approved Region is \(binding.region)",
        evidence: evidence(
          tally, amounts, principal: role, observed: key.detail, expected: binding.region),
        action:
          "Call the model in \(binding.region) (AWS_REGION=\(binding.region)), or submit a change "
          + "for the FinOps Lead to approve \(key.detail)")
    case .outsideApprovedAccount:
      let seen = accountLabel(key.detail)
      let approved = accountLabel(binding.account)
      return AllocationGap(
        kind: .outsideApprovedAccount, components: [reference],
        message:
          "a role named \(binding.roleName) spent \(spent) in account \(seen) \(days); "
          + "\(reference) is approved in \(approved)",
        evidence: evidence(
          tally, amounts, principal: "arn:aws:iam::\(key.detail):role/\(binding.roleName)",
          observed: key.detail, expected: binding.account),
        action:
          "That role is not the claimed one: delete it from \(seen) (aws iam delete-role "
          + "--role-name \(binding.roleName)), or submit a request for \(seen)")
    case .afterRetirement:
      let retired = binding.retiredAt.map { " at \($0)" } ?? ""
      return AllocationGap(
        kind: .afterRetirement, components: [reference],
        message:
          "role \(binding.roleName) of \(reference) spent \(spent) \(days), "
          + "after it was retired\(retired)",
        evidence: evidence(tally, amounts, principal: role, observed: nil, expected: nil),
        action:
          "Stop the caller and delete the role: aws iam delete-role "
          + "--role-name \(binding.roleName) "
          + "(after detaching its policies)")
    case .sharedRole, .unrequestedPrincipal:
      return AllocationGap(
        kind: key.kind, components: [reference], message: "\(reference) spent \(spent) \(days)",
        evidence: evidence(tally, amounts, principal: role, observed: nil, expected: nil),
        action: "")
    }
  }

  /// One finding per role (account and name) that more than one component derives, with the
  /// spend through it (attributed or not).
  private func sharedRoles(_ partitions: [[BucketKey: Tally]]) -> [AllocationGap] {
    var result: [AllocationGap] = []
    for group in roleGroups.values where group.count > 1 {
      guard let index = group.first else { continue }
      let members = Set(group)
      var tally = FindingTally()
      for buckets in partitions {
        for (key, value) in buckets {
          switch key.outcome {
          case .attributed(let owner) where members.contains(owner):
            tally.add(key, value)
          case .unattributed(_, let owner?) where members.contains(owner):
            tally.add(key, value)
          default:
            break
          }
        }
      }
      let binding = bindings[index]
      let references = group.map { bindings[$0].reference }.sorted()
      let amounts = tally.amounts.sorted()
      let names = references.map(\.description).joined(separator: ", ")
      let spend = tally.rows == 0 ? "no spend yet" : "\(Self.describe(amounts)) \(tally.days)"
      result.append(
        AllocationGap(
          kind: .sharedRole, components: references,
          message:
            "role \(binding.roleName) in account \(accountLabel(binding.account)) "
            + "is the role of \(names); \(spend)",
          evidence: evidence(
            tally, amounts, principal: binding.roleARN, observed: nil, expected: nil),
          action:
            "Give each component its own role (the default finops-{workload}-{id}, or a distinct "
            + "--role-name at approval): one role's spend cannot be split between budgets"))
    }
    return result
  }

  private func evidence(
    _ tally: FindingTally, _ amounts: [CurrencyAmount], principal: String?, observed: String?,
    expected: String?
  ) -> GapEvidence {
    GapEvidence(
      amounts: amounts, rows: tally.rows, firstDay: tally.firstDay, lastDay: tally.lastDay,
      principal: principal, observed: observed, expected: expected, sample: tally.sample)
  }

  private func accountLabel(_ id: String) -> String {
    accountNames[id].map { "\(id) (\($0))" } ?? id
  }

  /// `$12.34` or `$12.34 + €5.00`, rounded to cents for the sentence (evidence stays exact).
  static func describe(_ amounts: [CurrencyAmount]) -> String {
    guard !amounts.isEmpty else { return "nothing" }
    return amounts.map { $0.amount.display($0.currency) }.joined(separator: " + ")
  }

  /// How rows are grouped into findings.
  struct FindingKey: Hashable {
    /// The kind.
    var kind: AllocationGap.Kind
    /// The binding concerned.
    var binding: Int?
    /// The model, Region, account or principal seen.
    var detail: String
  }

  /// A finding's rows being summed.
  struct FindingTally {
    /// Effective cost per currency.
    var byCurrency: [String: Money] = [:]
    /// Rows.
    var rows = 0
    /// The first day.
    var firstDay: Day?
    /// The last day.
    var lastDay: Day?
    /// The first row.
    var sample: SourceLocation?

    /// Adds a bucket.
    mutating func add(_ key: BucketKey, _ tally: Tally) {
      byCurrency[key.currency, default: .zero] += tally.amounts.effective
      rows += tally.amounts.rows
      firstDay = min(firstDay ?? tally.firstDay, tally.firstDay)
      lastDay = max(lastDay ?? tally.lastDay, tally.lastDay)
      sample = sample.map { min($0, tally.sample) } ?? tally.sample
    }

    /// Effective cost per currency.
    var amounts: [CurrencyAmount] {
      byCurrency.map { CurrencyAmount(currency: $0.key, amount: $0.value) }
    }

    /// `on 2026-10-05` or `from 2026-10-05 to 2026-10-18`.
    var days: String {
      guard let firstDay, let lastDay else { return "" }
      return firstDay == lastDay ? "on \(firstDay)" : "from \(firstDay) to \(lastDay)"
    }
  }
}
