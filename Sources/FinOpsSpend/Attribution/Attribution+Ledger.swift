import FinOpsCore

extension Attribution {
  /// Resolves restatements (see `Delivery`), then sums the surviving rows into the ledger.
  ///
  /// The attribution is used up: each kept partition is let go as soon as it is summed, so that
  /// the running sums and the ledger made from them are never all held at once (the peak of a
  /// full build).
  public consuming func ledger() -> SpendLedger {
    var (kept, restatements, deliveries) = resolveRestatements()
    // The partitions restated by a later delivery go now; `kept` holds the others' only copy.
    partitions = []
    let gaps = findings(kept)
    // Each kept partition is summed on both cores, then let go: a side takes the components
    // of its parity (their weeks apart) and the reconciliation of their buckets, the second
    // side the unattributed buckets too.
    let sides = [LedgerSums(components: bindings.count), LedgerSums(components: bindings.count)]
    while let buckets = kept.popLast() {
      _ = parallelMap(sides.count) { side in sides[side].add(buckets, side: side, of: sides.count) }
    }
    var reconciliation: [String: (attributed: WeekTally, unattributed: WeekTally)] = [:]
    for side in sides {
      for sums in side.reconciliation {
        var both = reconciliation[sums.currency] ?? (WeekTally(), WeekTally())
        both.attributed.add(sums.attributed)
        both.unattributed.add(sums.unattributed)
        reconciliation[sums.currency] = both
      }
    }
    let unattributed = sides[1].unattributed
    // Each claimed component's weeks, sorted and summed on every core.
    let claimed = bindings.indices.filter { bindings[$0].claimedAt != nil }
    let components = parallelMap(claimed.count) { [bindings] position in
      let index = claimed[position]
      // A component's weeks are summed by the side of its index's parity.
      let (weeks, totals) = sides[index % sides.count].spend(of: index)
      return ComponentSpend(binding: bindings[index], totals: totals, weeks: weeks)
    }.sorted { $0.reference < $1.reference }
    let unattributedList = unattributed.map { key, tally in
      UnattributedSpend(
        reason: key.reason, principal: key.principal, account: key.account,
        currency: key.currency, amounts: tally.tally.amounts, firstDay: tally.tally.firstDay,
        lastDay: tally.tally.lastDay, components: references(for: key),
        meters: NamedAmount.top(tally.meters, limit: 5))
    }.sorted {
      ($0.reason, $0.currency, $1.amounts.effective, $0.principal ?? "", $0.account ?? "")
        < ($1.reason, $1.currency, $0.amounts.effective, $1.principal ?? "", $1.account ?? "")
    }
    let totals = reconciliation.map { currency, pair in
      let (attributed, unattributed) = (pair.attributed.amounts, pair.unattributed.amounts)
      return Reconciliation(
        currency: currency, input: attributed + unattributed, attributed: attributed,
        unattributed: unattributed)
    }.sorted { $0.currency < $1.currency }
    return SpendLedger(
      components: components, unattributed: unattributedList, findings: gaps,
      reconciliation: totals, restatements: restatements, deliveries: deliveries)
  }

  /// What one core sums of the kept partitions in `ledger()` (each side is touched by one
  /// thread at a time).
  private final class LedgerSums: @unchecked Sendable {
    /// Each currency's sums, found by comparing (a build has one or two currencies, and
    /// hashing the name for every bucket cost more than summing it).
    var reconciliation: [(currency: String, attributed: WeekTally, unattributed: WeekTally)] = []
    /// Each component's buckets as parts of its weeks, at its index (only those of this side's
    /// parity), appended as they come and summed into weeks once all are in (`spend(of:)`): a
    /// dictionary of weeks per component was hashed, and grew, bucket by bucket.
    var parts: [[WeekPart]]
    var unattributed: [UnattributedKey: UnattributedTally] = [:]

    init(components: Int) {
      parts = Array(repeating: [], count: components)
    }

    /// Sums the buckets of side `side` of `count`: the attributed ones of the components whose
    /// index has that remainder, and, on the last side, the unattributed ones.
    func add(_ buckets: [BucketKey: Tally], side: Int, of count: Int) {
      // Summed in local variables, moved out and back: a class's stored property is checked
      // for exclusive access at every use.
      var (reconciliation, parts, unattributed) = (
        self.reconciliation, self.parts, self.unattributed
      )
      (self.reconciliation, self.parts, self.unattributed) = ([], [], [:])
      defer {
        (self.reconciliation, self.parts, self.unattributed) = (
          reconciliation, parts, unattributed
        )
      }
      /// The index in `reconciliation` of `currency`'s sums, made when new.
      func currencyIndex(_ currency: String) -> Int {
        if let index = reconciliation.firstIndex(where: { $0.currency == currency }) {
          return index
        }
        reconciliation.append((currency, WeekTally(), WeekTally()))
        return reconciliation.count - 1
      }
      let last = side == count - 1
      for (key, tally) in buckets {
        switch key.outcome {
        case .attributed(let index):
          guard index % count == side else { continue }
          reconciliation[currencyIndex(key.currency)].attributed.add(tally)
          parts[index].append(WeekPart(key, tally))
        case .unattributed(let reason, let binding):
          guard last else { continue }
          reconciliation[currencyIndex(key.currency)].unattributed.add(tally)
          let groupKey = UnattributedKey(
            reason: reason, principal: key.principal, account: key.account,
            currency: key.currency, binding: binding)
          unattributed[groupKey, default: UnattributedTally(tally)].add(key, tally)
        }
      }
    }

    /// The weeks of the component at `index`, by week then currency, and its effective cost
    /// per currency, sorted by currency: its parts sorted, and those of one week and currency
    /// summed, each model's and meter's cost too (by name, as `String`s are equal, under the
    /// first name seen).
    ///
    /// The parts are put in order by their keys (`sortedParts`): the week, and the rank of the
    /// currency among the component's currencies (one, nearly always), which orders as the
    /// currencies' texts do, without reading them from the parts' labels at every comparison.
    /// The weeks' models and meters are summed in two lists kept for all of them, each week's
    /// from where it starts, so that a week's lists are made once.
    func spend(of index: Int) -> (weeks: [WeekSpend], totals: [CurrencyAmount]) {
      let parts = self.parts[index]
      guard !parts.isEmpty else { return ([], []) }
      // The component's currencies, as `String`s tell them apart, in their order (a part's
      // is nearly always the very string of the part before).
      var currencies: [String] = []
      var currencyIndex: [String: Int] = [:]
      var currencyOf: [Int] = []
      currencyOf.reserveCapacity(parts.count)
      var lastBits = StringBits.none
      for part in parts {
        let currency = part.labels.names.currency
        let bits = StringBits(currency)
        if bits == lastBits, let last = currencyOf.last {
          currencyOf.append(last)
          continue
        }
        lastBits = bits
        if let known = currencyIndex[currency] {
          currencyOf.append(known)
        } else {
          currencyIndex[currency] = currencies.count
          currencyOf.append(currencies.count)
          currencies.append(currency)
        }
      }
      let ranks = Self.ranks(of: currencies)
      let keys = Attribution.sortedParts(
        parts.indices.map { (week: parts[$0].week, currency: ranks[currencyOf[$0]], part: $0) },
        currencies: currencies.count)
      var weeks: [WeekSpend] = []
      var totals: [(currency: String, sum: FixedSum)?] = Array(
        repeating: nil, count: currencies.count)
      var tally = WeekTally()
      // Every week's sums, each week's from its start (not emptied for each week).
      var models: [(name: String, sum: FixedSum)] = []
      var meters: [(name: String, sum: FixedSum)] = []
      var (weekStart, modelStart, meterStart) = (0, 0, 0)
      for (position, key) in keys.enumerated() {
        let part = parts[key.part]
        tally.add(part)
        let names = part.labels.names
        Self.add(part.effective, to: names.model ?? "other", in: &models, from: modelStart)
        Self.add(part.effective, to: names.meter ?? "other", in: &meters, from: meterStart)
        // The week ends with the last part of its week and currency.
        let next = position + 1
        guard
          next == keys.count || keys[next].week != key.week || keys[next].currency != key.currency
        else { continue }
        // The currency as the week's first part names it.
        let currency = parts[keys[weekStart].part].labels.names.currency
        weekStart = next
        weeks.append(
          WeekSpend(
            monday: Day(ordinal: key.week), currency: currency, amounts: tally.amounts,
            models: NamedAmount.top(models[modelStart...]),
            meters: NamedAmount.top(meters[meterStart...])))
        if totals[key.currency] == nil { totals[key.currency] = (currency, FixedSum()) }
        totals[key.currency]!.sum.add(tally.effective)
        tally = WeekTally()
        (modelStart, meterStart) = (models.count, meters.count)
      }
      return (
        weeks,
        totals.compactMap { $0.map { CurrencyAmount(currency: $0.currency, amount: $0.sum.money) } }
      )
    }

    /// Each currency's rank in the order of their texts (currencies `String`s tell apart).
    private static func ranks(of currencies: [String]) -> [Int] {
      guard currencies.count > 1 else { return [0] }
      var ranks = Array(repeating: 0, count: currencies.count)
      for (rank, index) in currencies.indices.sorted(by: { currencies[$0] < currencies[$1] })
        .enumerated()
      {
        ranks[index] = rank
      }
      return ranks
    }

    /// Adds `amount` to the sum of `name` in `sums` from `start` (a name equal as `String`s
    /// are, as the dictionary's keys were).
    private static func add(
      _ amount: FixedSum, to name: String, in sums: inout [(name: String, sum: FixedSum)],
      from start: Int
    ) {
      if let index = sums[start...].firstIndex(where: { $0.name == name }) {
        sums[index].sum.add(amount)
      } else {
        sums.append((name, amount))
      }
    }
  }

  /// A part's place: its week, its currency's rank, its index.
  typealias PartKey = (week: Int, currency: Int, part: Int)

  /// `keys` by week, then currency (each key's a rank in `0..<currencies`), in their order
  /// otherwise, as a stable sort leaves them (Swift's `sort` is one): counted into place when
  /// there are more than a few and their weeks and currencies make no more than a few slots a
  /// key (a component's year of parts in one currency), else sorted. Memory is linear in the
  /// number of keys whatever their weeks and currencies.
  static func sortedParts(_ keys: [PartKey], currencies: Int) -> [PartKey] {
    func sorted() -> [PartKey] {
      keys.sorted { $0.week != $1.week ? $0.week < $1.week : $0.currency < $1.currency }
    }
    guard keys.count >= 16 else { return sorted() }
    var (low, high) = (keys[0].week, keys[0].week)
    for key in keys.dropFirst() {
      low = min(low, key.week)
      high = max(high, key.week)
    }
    let limit = 8 * keys.count + 1024
    let (span, overflow) = high.subtractingReportingOverflow(low)
    guard !overflow, span < limit else { return sorted() }
    let (slots, tooMany) = (span + 1).multipliedReportingOverflow(by: currencies)
    guard !tooMany, slots <= limit else { return sorted() }
    func slot(_ key: PartKey) -> Int { (key.week - low) * currencies + key.currency }
    // Where each slot's keys start, then each key put at its slot's next place.
    var starts = [Int](repeating: 0, count: slots + 1)
    for key in keys { starts[slot(key) + 1] += 1 }
    for index in 0..<slots { starts[index + 1] += starts[index] }
    return [PartKey](unsafeUninitializedCapacity: keys.count) { buffer, initialized in
      for key in keys {
        let place = slot(key)
        (buffer.baseAddress! + starts[place]).initialize(to: key)
        starts[place] += 1
      }
      initialized = keys.count
    }
  }

  /// A bucket's part of a component's week: its sums, and its labels (currency, model, meter).
  struct WeekPart {
    let week: Int
    let labels: Labels
    let effective: FixedSum
    let billed: FixedSum
    let rows: Int

    init(_ key: BucketKey, _ tally: Tally) {
      week = key.week
      labels = key.labels
      effective = tally.effective
      billed = tally.billed
      rows = tally.rows
    }
  }

  /// Keeps, for each (billing period, account), the partition of the latest delivery.
  ///
  /// The kept partitions are returned apart, not merged into one dictionary (which rehashed every
  /// bucket): a bucket key in two of them (a week across two billing periods) is summed twice
  /// into the same totals, which is what merging it first gave, as every sum and extent is
  /// additive or a minimum or maximum.
  private func resolveRestatements() -> ([[BucketKey: Tally]], [Restatement], [String]) {
    var groups: [RestatementKey: [Int]] = [:]
    for (index, key) in partitionKeys.enumerated() {
      groups[RestatementKey(period: key.period, account: key.account), default: []].append(index)
    }
    var merged: [[BucketKey: Tally]] = []
    var restatements: [Restatement] = []
    var deliveries: Set<String> = []
    for (group, indices) in groups {
      let ordered = indices.sorted { partitionKeys[$0].delivery < partitionKeys[$1].delivery }
      guard let kept = ordered.last else { continue }
      let keptBuckets = partitions[kept]
      deliveries.insert(partitionKeys[kept].delivery)
      merged.append(keptBuckets)
      guard ordered.count > 1 else { continue }
      let replaced = ordered.dropLast()
      restatements.append(
        Restatement(
          billingPeriod: Day(ordinal: group.period), account: group.account,
          kept: partitionKeys[kept].delivery, replaced: replaced.map { partitionKeys[$0].delivery },
          keptAmounts: Self.effectiveTotals(keptBuckets),
          replacedAmounts: CurrencyAmount.totals(
            replaced.flatMap { Self.effectiveTotals(partitions[$0]) })))
    }
    restatements.sort { ($0.billingPeriod, $0.account) < ($1.billingPeriod, $1.account) }
    return (merged, restatements, deliveries.sorted())
  }

  private static func effectiveTotals(_ buckets: [BucketKey: Tally]) -> [CurrencyAmount] {
    CurrencyAmount.totals(
      buckets.map { CurrencyAmount(currency: $0.key.currency, amount: $0.value.amounts.effective) })
  }

  /// The components an unattributed group concerns: for a shared role, every component with
  /// that role in that account.
  private func references(for key: UnattributedKey) -> [ComponentReference] {
    guard let index = key.binding else { return [] }
    if key.reason == .sharedRole { return sharingGroup(of: index).map { bindings[$0].reference } }
    return [bindings[index].reference]
  }

  /// The bindings with the same role (account and case-insensitive name) as `index`.
  func sharingGroup(of index: Int) -> [Int] {
    roleGroups[RoleKey(bindings[index])] ?? [index]
  }

  /// A billing period and account.
  struct RestatementKey: Hashable {
    /// The period's first day, as an ordinal.
    var period: Int
    /// The account.
    var account: String
  }

  /// A component's week (or a currency's reconciliation) being summed, in `FixedSum`s.
  struct WeekTally {
    /// Sum of effective cost.
    var effective = FixedSum()
    /// Sum of billed cost.
    var billed = FixedSum()
    /// How many rows.
    var rows = 0

    /// Adds another tally's costs.
    mutating func add(_ other: WeekTally) {
      effective.add(other.effective)
      billed.add(other.billed)
      rows += other.rows
    }

    /// Adds a bucket's costs.
    mutating func add(_ tally: Tally) {
      effective.add(tally.effective)
      billed.add(tally.billed)
      rows += tally.rows
    }

    /// Adds a bucket's part of a week (its costs; `LedgerSums.spend(of:)` sums its model's and
    /// meter's).
    mutating func add(_ part: WeekPart) {
      effective.add(part.effective)
      billed.add(part.billed)
      rows += part.rows
    }

    /// Both costs and the rows.
    var amounts: SpendAmounts {
      SpendAmounts(effective: effective.money, billed: billed.money, rows: rows)
    }
  }

  /// How unattributed spend is grouped.
  struct UnattributedKey: Hashable {
    /// Why.
    var reason: UnattributedReason
    /// The caller.
    var principal: String?
    /// The account.
    var account: String?
    /// The currency.
    var currency: String
    /// The binding concerned.
    var binding: Int?
  }

  /// An unattributed group being summed.
  struct UnattributedTally {
    /// The sums.
    var tally: Tally
    /// Effective cost per meter.
    var meters: [String: Money] = [:]

    /// An empty group starting where `first` does.
    init(_ first: Tally) { tally = Tally(day: first.firstDay, sample: first.sample) }

    /// Adds a bucket.
    mutating func add(_ key: BucketKey, _ more: Tally) {
      tally.merge(more)
      meters[key.meter ?? "other", default: .zero] += more.amounts.effective
    }
  }
}
