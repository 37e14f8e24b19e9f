import FinOpsCore
import Foundation

/// Attributes cost rows to the components that claimed their callers' roles, streaming: add
/// rows one at a time, then take the `ledger()`. Memory grows with the number of distinct
/// (delivery, billing period, account, component or caller, week, meter, Region) groups, never
/// with the number of rows.
///
/// The rule for a row with caller `arn:…:sts::ACCOUNT:assumed-role/NAME/SESSION` (see
/// `Principal`): the components whose role is NAME (case-insensitively) in ACCOUNT, and whose
/// attribution window `[claim, retirement)` the charge period overlaps (see
/// `RoleBinding.isLive(from:to:)`). Exactly one: the row is attributed to it. None or several:
/// the row is unattributed with a reason (`UnattributedReason`) and kept. A row with no caller
/// is unattributed too. Restated periods are resolved in `ledger()` (see `Delivery`).
public struct Attribution: Sendable {
  /// Every component that has a role, in workload order.
  public let bindings: [RoleBinding]
  private let byRole: [String: [Int]]
  /// The bindings of each role (account and lowercased name), for shared roles.
  let roleGroups: [RoleKey: [Int]]
  /// Each binding's approved model, as its index in `modelKeys`.
  private let approvedModels: [Int]
  /// The key of every approved model, once.
  private let modelKeys: [ModelMatcher.Key]
  /// Account names by id, for messages.
  let accountNames: [String: String]
  /// The repository currency.
  let currency: String
  private var principals: [FastKey: Resolution] = [:]
  /// The resolutions of principals seen lately, by the bits of their text (see `resolve`):
  /// four slots per component, so that a day's rows, which name every live component's role in
  /// turn, find their callers here rather than evicting each other.
  private var recentPrincipals: RecentByBits<StringBits, Resolution, String>
  private var meterModels: [String: Seen?] = [:]
  /// What meters seen lately say, by the bits of their strings (see `seen(meter:)`).
  private var recentMeters = RecentByBits<StringBits, Seen?, String>(slots: 256)
  private var resourceModels: [String: Seen?] = [:]
  /// The delivery of the last file's path (one slot: rows of one file come together).
  private var lastDelivery = RecentByBits<StringBits, String, String>(slots: 1)
  /// Every distinct set of a bucket's names, once (see `Labels`).
  private var labels: [Labels.Names: Labels] = [:]
  /// The labels of names seen lately, by the bits of their strings (see
  /// `labels(principal:model:of:)`): two slots per component (a month's rows name each live
  /// component's meters in turn), at most 16,384 (200 bytes each).
  private var recentLabels: RecentByBits<LabelBits, Labels, Labels.Names>
  /// The delivery and restatement key of each partition, in the order first seen.
  private(set) var partitionKeys: [PartitionKey] = []
  /// The sums so far of each partition in `partitionKeys`.
  var partitions: [[BucketKey: Tally]] = []
  private var partitionIndex: [PartitionKey: Int] = [:]
  /// The partitions rows went to lately, the latest first, by the bits of their keys' strings
  /// (those in `partitionKeys`, kept alive there): a file's rows of a few accounts take turns.
  private var recentPartitions:
    [(delivery: StringBits, period: Int, account: StringBits, index: Int)] = []

  /// Prepares attribution for the components of `workloads`.
  public init(workloads: [Workload], configuration: Configuration) {
    bindings = RoleBinding.bindings(workloads)
    var slots = 4096
    while slots < 4 * bindings.count, slots < 65_536 { slots <<= 1 }
    recentPrincipals = RecentByBits(slots: slots)
    var labelSlots = 4096
    while labelSlots < 2 * bindings.count, labelSlots < 16_384 { labelSlots <<= 1 }
    recentLabels = RecentByBits(slots: labelSlots)
    var byRole: [String: [Int]] = [:]
    var roleGroups: [RoleKey: [Int]] = [:]
    for (index, binding) in bindings.enumerated() {
      byRole[binding.roleName.lowercased(), default: []].append(index)
      roleGroups[RoleKey(binding), default: []].append(index)
    }
    self.byRole = byRole
    self.roleGroups = roleGroups
    // A few models serve thousands of components: derive each model's key once.
    var keys: [String: Int] = [:]
    var modelKeys: [ModelMatcher.Key] = []
    approvedModels = bindings.map { binding in
      if let known = keys[binding.model] { return known }
      keys[binding.model] = modelKeys.count
      modelKeys.append(ModelMatcher.key(modelID: binding.model))
      return modelKeys.count - 1
    }
    self.modelKeys = modelKeys
    accountNames = Dictionary(
      configuration.standards.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    currency = configuration.currency
  }

  /// Attributes every record and returns the ledger.
  public static func attribute(
    records: some Sequence<SpendRecord>, workloads: [Workload], configuration: Configuration
  ) -> SpendLedger {
    var attribution = Attribution(workloads: workloads, configuration: configuration)
    for record in records { attribution.add(record) }
    return (consume attribution).ledger()
  }

  /// Reads the exports at `paths` (relative to `root`) and attributes every row; each problem
  /// found in them goes to `diagnostic`, in no particular order.
  ///
  /// With several deliveries and cores, each core takes the next delivery and reads and
  /// attributes its rows on one thread, into an attribution of its own: a row's strings are
  /// then made, retained and released by one core. (A reading thread handing rows to an
  /// attributing one had both cores take turns at the reference count of every string the rows
  /// share.) The attributions' partitions are then taken into this one. Deliveries go out in
  /// path order, as one by one: a new partition gets the room of the largest before it (see
  /// `partition(_:)`), and the largest first gave every later month its room. Otherwise each
  /// file is read by a second thread while this one attributes its rows.
  public mutating func read(root: String, paths: [String], diagnostic: (Diagnostic) -> Void) {
    let deliveries = Self.deliveries(paths)
    guard deliveries.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else {
      for path in paths {
        _ = SpendExportReader.read(
          root: root, path: path, record: { add($0) }, diagnostic: diagnostic)
      }
      return
    }
    var empty = self
    empty.partitionKeys = []
    empty.partitions = []
    empty.partitionIndex = [:]
    empty.recentPartitions = []
    let parts = parallelFold(deliveries.count, start: { [empty] in (empty, [Diagnostic]()) }) {
      part, index in
      for path in deliveries[index] {
        _ = SpendExportReader.read(
          root: root, path: path, pipelined: false, record: { part.0.add($0) },
          diagnostic: { part.1.append($0) })
      }
    }
    for (attribution, problems) in parts {
      problems.forEach(diagnostic)
      absorb(attribution)
    }
  }

  /// The files of `paths` grouped by delivery (see `Delivery`), in path order.
  private static func deliveries(_ paths: [String]) -> [[String]] {
    var groups: [String: [String]] = [:]
    for path in paths { groups[Delivery.id(forPath: path), default: []].append(path) }
    return groups.sorted { $0.key < $1.key }.map { $0.value.sorted() }
  }

  /// Takes the partitions of `other`, an attribution of the same workloads, into this one: a
  /// partition this one has too is summed bucket by bucket.
  private mutating func absorb(_ other: consuming Attribution) {
    for (key, buckets) in zip(other.partitionKeys, other.partitions) {
      guard let index = partitionIndex[key] else {
        partitionIndex[key] = partitions.count
        partitionKeys.append(key)
        partitions.append(buckets)
        continue
      }
      for (bucket, tally) in buckets {
        partitions[index][bucket, default: Tally(day: tally.firstDay, sample: tally.sample)]
          .merge(tally)
      }
    }
  }

  /// Attributes one record.
  public mutating func add(_ record: SpendRecord) {
    let outcome: Outcome
    var principal: String?
    var modelMismatch = false
    var regionMismatch = false
    let seen = observe(record)
    if let text = record.principal, !text.isEmpty {
      let resolution = resolve(text)
      principal = resolution.normalized
      outcome = decide(resolution, record)
      if case .attributed(let index) = outcome {
        principal = nil
        if let seen, !seen.names[approvedModels[index]] {
          modelMismatch = true
        }
        if let region = record.region, !region.isEmpty, region != "global",
          region != bindings[index].region
        {
          regionMismatch = true
        }
      }
    } else {
      outcome = .unattributed(.noPrincipal, binding: nil)
    }
    let labels = labels(principal: principal, model: seen?.observation.label, of: record)
    let key = BucketKey(
      outcome: outcome, week: record.chargePeriodStart.day.monday.ordinal, labels: labels,
      modelMismatch: modelMismatch, regionMismatch: regionMismatch)
    let partition = partition(
      PartitionKey(
        delivery: delivery(record.location.path), period: record.billingPeriodStart.ordinal,
        account: record.account ?? ""))
    let day = record.chargePeriodStart.day
    // The default is made from the location alone: an autoclosure over `record` would copy it.
    let location = record.location
    partitions[partition][key, default: Tally(day: day, sample: location)]
      .add(record, day: day, location: location)
  }

  /// The one `Labels` of a row's names: its currency, meter, Region and account, the caller
  /// `principal` (of unattributed spend) and the `model` its meter or resource names. A file's
  /// rows repeat a few thousand sets of names, each made of strings the reader shared (see
  /// `ByteInterner`): a set seen lately is found by the bits of its strings
  /// (`RecentByBits`).
  private mutating func labels(principal: String?, model: String?, of record: SpendRecord)
    -> Labels
  {
    let bits = LabelBits(
      StringBits(principal), StringBits(record.currency), StringBits(record.meter),
      StringBits(model), StringBits(record.region), StringBits(record.account))
    if let recent = recentLabels.value(for: bits) { return recent }
    // Made only now: the names of a row whose labels were found are not copied.
    let names = Labels.Names(
      principal: principal, currency: record.currency, meter: record.meter, model: model,
      region: record.region, account: record.account)
    let found: Labels
    if let known = labels[names] {
      found = known
    } else {
      found = Labels(names)
      labels[names] = found
    }
    recentLabels.keep(found, for: bits, strings: names)
    return found
  }

  /// The bits of a set of names' six strings (see `StringBits`).
  private struct LabelBits: BitsKey {
    let strings: (StringBits, StringBits, StringBits, StringBits, StringBits, StringBits)

    /// No strings.
    static let none = LabelBits(.none, .none, .none, .none, .none, .none)

    /// The bits of a principal, currency, meter, model, Region and account.
    init(
      _ principal: StringBits, _ currency: StringBits, _ meter: StringBits, _ model: StringBits,
      _ region: StringBits, _ account: StringBits
    ) {
      strings = (principal, currency, meter, model, region, account)
    }

    /// The bits mixed into one word, its high bits spread.
    var mixed: UInt64 {
      let first = strings.2.mixed(into: strings.1.mixed(into: strings.0.mixed))
      return strings.5.mixed(into: strings.4.mixed(into: strings.3.mixed(into: first)))
    }

    static func == (lhs: LabelBits, rhs: LabelBits) -> Bool { lhs.strings == rhs.strings }
  }

  /// The index in `partitions` of `key`, made when new. A file's rows go to a few partitions in
  /// turn: the last few are compared by their strings' bits before the key is hashed.
  private mutating func partition(_ key: PartitionKey) -> Int {
    let (delivery, account) = (StringBits(key.delivery), StringBits(key.account))
    for recent in recentPartitions
    where recent.delivery == delivery && recent.period == key.period && recent.account == account {
      return recent.index
    }
    let index: Int
    if let known = partitionIndex[key] {
      index = known
    } else {
      index = partitions.count
      partitionKeys.append(key)
      // Deliveries are mostly alike: room for as many buckets as the largest partition has,
      // so that a month's thousands are not rehashed at every doubling. (The last partition's
      // count was no guide: a file's rows of several accounts make their partitions one after
      // another, the later ones while the first is nearly empty.)
      partitions.append(Dictionary(minimumCapacity: partitions.reduce(0) { max($0, $1.count) }))
      partitionIndex[key] = index
    }
    let kept = partitionKeys[index]
    recentPartitions.removeAll { $0.index == index }
    recentPartitions.insert(
      (StringBits(kept.delivery), kept.period, StringBits(kept.account), index), at: 0)
    if recentPartitions.count > 8 { recentPartitions.removeLast() }
    return index
  }

  private func decide(_ resolution: Resolution, _ record: SpendRecord) -> Outcome {
    guard let account = resolution.account, !resolution.candidates.isEmpty else {
      return .unattributed(.unrequestedPrincipal, binding: nil)
    }
    let start = record.chargePeriodStart
    let end = record.chargePeriodEnd
    // One pass over the candidates in the same account, without building arrays (every row).
    var first: Int?
    var live: Int?
    var liveCount = 0
    var retired: Int?
    for index in resolution.candidates where bindings[index].account == account {
      if first == nil { first = index }
      if bindings[index].isLive(from: start, to: end) {
        if live == nil { live = index }
        liveCount += 1
      } else if retired == nil, bindings[index].retiredAt.map({ $0 <= start }) ?? false {
        retired = index
      }
    }
    guard let first else {
      return .unattributed(.otherAccount, binding: resolution.candidates[0])
    }
    if let live { return liveCount == 1 ? .attributed(live) : .unattributed(.sharedRole, binding: live) }
    if let retired { return .unattributed(.afterRetirement, binding: retired) }
    return .unattributed(.unclaimedRole, binding: first)
  }

  /// The resolution of the principal `text`. The reader shares one `String` per repeated long
  /// value (`ByteInterner`), so a row's principal is mostly the very string an earlier row had:
  /// found by its bits (`RecentByBits`), it is neither hashed nor compared.
  private mutating func resolve(_ text: String) -> Resolution {
    let bits = StringBits(text)
    if let recent = recentPrincipals.value(for: bits) { return recent }
    let resolution = resolveByText(text)
    recentPrincipals.keep(resolution, for: bits, strings: text)
    return resolution
  }

  private mutating func resolveByText(_ text: String) -> Resolution {
    let key = FastKey(text)
    if let cached = principals[key] { return cached }
    let parsed = Principal(parsing: text)
    let resolution = Resolution(
      normalized: parsed.normalized, account: parsed.account,
      candidates: parsed.roleKey.flatMap { byRole[$0] } ?? [])
    if principals.count >= 65_536 { principals.removeAll(keepingCapacity: true) }
    principals[key] = resolution
    return resolution
  }

  /// A string as a dictionary key hashed with `ByteInterner.hash`: callers' ARNs are long, and
  /// every row looks one up.
  struct FastKey: Sendable, Hashable {
    /// The string.
    var text: String

    /// Wraps `text`.
    init(_ text: String) { self.text = text }

    /// One word for the whole string.
    func hash(into hasher: inout Hasher) { hasher.combine(ByteInterner.hash(text)) }

    /// The same bytes, as the hash goes by (see `ByteInterner.sameBytes`).
    static func == (lhs: FastKey, rhs: FastKey) -> Bool {
      ByteInterner.sameBytes(lhs.text, rhs.text)
    }
  }

  /// What a row's meter, else its resource, says about its model.
  private mutating func observe(_ record: SpendRecord) -> Seen? {
    if let meter = record.meter, let found = seen(meter: meter) { return found }
    guard let resource = record.resourceId else { return nil }
    if let cached = resourceModels[resource] { return cached }
    let found = ModelMatcher.observation(resource: resource).map { Seen($0, models: modelKeys) }
    if resourceModels.count >= 65_536 { resourceModels.removeAll(keepingCapacity: true) }
    resourceModels[resource] = found
    return found
  }

  /// What `meter` says about a row's model. A file's rows name a few meters, each one string
  /// the reader shared: found by the bits of that string before it is hashed (see
  /// `StringBits`).
  private mutating func seen(meter: String) -> Seen? {
    let bits = StringBits(meter)
    if let recent = recentMeters.value(for: bits) { return recent }
    let found: Seen?
    if let cached = meterModels[meter] {
      found = cached
    } else {
      found = ModelMatcher.observation(meter: meter).map { Seen($0, models: modelKeys) }
      if meterModels.count >= 65_536 { meterModels.removeAll(keepingCapacity: true) }
      meterModels[meter] = found
    }
    recentMeters.keep(found, for: bits, strings: meter)
    return found
  }

  /// What a meter or resource says about a row's model, made once per distinct text: the
  /// observation, and whether it names each approved model (`modelKeys`), which every
  /// attributed row asks.
  final class Seen: Sendable {
    /// The model the text names.
    let observation: ModelMatcher.Observation
    /// Whether it names each of `modelKeys`, by index.
    let names: [Bool]

    init(_ observation: ModelMatcher.Observation, models: [ModelMatcher.Key]) {
      self.observation = observation
      names = models.map { $0.isNamed(by: observation.key) }
    }
  }

  private mutating func delivery(_ path: String) -> String {
    // Rows of one file arrive together, with one path string: the delivery is derived once
    // per run of rows, and found by the path's bits for the others.
    let bits = StringBits(path)
    if let id = lastDelivery.value(for: bits) { return id }
    let id = Delivery.id(forPath: path)
    lastDelivery.keep(id, for: bits, strings: path)
    return id
  }

  /// A role: its account and lowercased name.
  struct RoleKey: Sendable, Hashable {
    /// The role's account.
    var account: String
    /// The role's lowercased name.
    var name: String

    /// The role of a binding.
    init(_ binding: RoleBinding) {
      account = binding.account
      name = binding.roleName.lowercased()
    }
  }

  /// What a caller resolves to; a class, so that handing out a cached one retains one object.
  final class Resolution: Sendable {
    /// The role ARN, or the principal as written.
    let normalized: String
    /// The role's account.
    let account: String?
    /// The bindings with that role name, in any account.
    let candidates: [Int]

    init(normalized: String, account: String?, candidates: [Int]) {
      self.normalized = normalized
      self.account = account
      self.candidates = candidates
    }
  }

  /// Where a row's spend goes.
  enum Outcome: Sendable, Hashable {
    /// To this binding.
    case attributed(Int)
    /// To no component, for a reason, naming the binding concerned if any.
    case unattributed(UnattributedReason, binding: Int?)

    /// One word that differs between any two outcomes (binding indices are far below 2⁵⁶).
    var word: UInt64 {
      switch self {
      case .attributed(let index):
        return UInt64(bitPattern: Int64(index)) << 8
      case .unattributed(let reason, let binding):
        let code: UInt64 =
          switch reason {
          case .noPrincipal: 1
          case .unrequestedPrincipal: 2
          case .unclaimedRole: 3
          case .afterRetirement: 4
          case .otherAccount: 5
          case .sharedRole: 6
          }
        return UInt64(bitPattern: Int64(binding ?? -1) &+ 1) << 8 | code
      }
    }
  }

  /// One delivery's rows for one restatement key.
  struct PartitionKey: Sendable, Hashable {
    /// The delivery (see `Delivery`).
    var delivery: String
    /// The billing period's first day, as an ordinal.
    var period: Int
    /// The account, empty when none.
    var account: String
  }

  /// The names a bucket is grouped by. A year of spend has hundreds of thousands of buckets
  /// but a few thousand sets of names: each set is held once (see
  /// `Attribution.labels(principal:model:of:)`), and a bucket key points at it, so that keys
  /// are small and compare their names by identity.
  final class Labels: Sendable {
    /// The names themselves.
    struct Names: Sendable, Hashable {
      /// The caller, for unattributed spend.
      var principal: String?
      /// The currency.
      var currency: String
      /// The meter.
      var meter: String?
      /// The model the meter or resource names.
      var model: String?
      /// The Region.
      var region: String?
      /// The usage account.
      var account: String?

      /// Hashes the strings with `ByteInterner.hash` and gives `Hasher` one word for them all
      /// (every row looks its names up; `Hasher` over five strings was a fifth of attribution).
      func hash(into hasher: inout Hasher) { hasher.combine(word) }

      /// The strings hashed with `ByteInterner.hash`, mixed into one word.
      var word: UInt64 {
        func mix(_ sum: UInt64, _ text: String?) -> UInt64 {
          (sum &* 0x9E37_79B9_7F4A_7C15) ^ ByteInterner.hash(text)
        }
        let strings = mix(mix(mix(mix(mix(0, principal), currency), meter), model), region)
        return mix(strings, account)
      }

      /// Every field, byte for byte, as the hash goes: two spellings of one text that `String`
      /// calls equal (a precomposed é and an e with a combining accent) hash apart, so they are
      /// two sets of names, the same on every run.
      static func == (lhs: Names, rhs: Names) -> Bool {
        ByteInterner.sameBytes(lhs.principal, rhs.principal)
          && ByteInterner.sameBytes(lhs.currency, rhs.currency)
          && ByteInterner.sameBytes(lhs.meter, rhs.meter)
          && ByteInterner.sameBytes(lhs.model, rhs.model)
          && ByteInterner.sameBytes(lhs.region, rhs.region)
          && ByteInterner.sameBytes(lhs.account, rhs.account)
      }
    }

    let names: Names
    /// `names.word`, once.
    let word: UInt64

    init(_ names: Names) {
      self.names = names
      word = names.word
    }
  }

  /// The grouping every row is summed into.
  struct BucketKey: Sendable, Hashable {
    /// Where the spend goes.
    var outcome: Outcome
    /// The week's Monday, as an ordinal.
    var week: Int
    /// The names: one object per distinct set within an attribution (another attribution's
    /// object for the same names is an equal key, as `read(root:paths:diagnostic:)` merges).
    var labels: Labels
    /// Whether the model is not the approved one.
    var modelMismatch: Bool
    /// Whether the Region is not the approved one.
    var regionMismatch: Bool

    /// The caller, for unattributed spend.
    var principal: String? { labels.names.principal }
    /// The currency.
    var currency: String { labels.names.currency }
    /// The meter.
    var meter: String? { labels.names.meter }
    /// The model the meter or resource names.
    var model: String? { labels.names.model }
    /// The Region.
    var region: String? { labels.names.region }
    /// The usage account.
    var account: String? { labels.names.account }

    /// Names compare by identity first: the keys of one attribution share one `Labels` per set,
    /// so their strings are compared only for keys of two attributions with equal hashes.
    static func == (lhs: BucketKey, rhs: BucketKey) -> Bool {
      lhs.week == rhs.week && lhs.outcome == rhs.outcome
        && lhs.modelMismatch == rhs.modelMismatch && lhs.regionMismatch == rhs.regionMismatch
        && (lhs.labels === rhs.labels
          || (lhs.labels.word == rhs.labels.word && lhs.labels.names == rhs.labels.names))
    }

    /// Two words for `Hasher`, which costs per word: every row looks its bucket up.
    func hash(into hasher: inout Hasher) {
      hasher.combine(labels.word)
      let flags: UInt64 = (modelMismatch ? 1 : 0) | (regionMismatch ? 2 : 0)
      let weekAndFlags = UInt64(bitPattern: Int64(week)) << 2 | flags
      hasher.combine(outcome.word &* 0x9E37_79B9_7F4A_7C15 ^ weekAndFlags)
    }
  }

  /// The sums of a bucket and the rows' extent. Costs the reader could give as `FixedCosts` are
  /// summed as integers; the rest (and any sum that would overflow) as `Decimal` (see `FixedSum`).
  struct Tally: Sendable {
    /// Sum of effective cost.
    private(set) var effective = FixedSum()
    /// Sum of billed cost.
    private(set) var billed = FixedSum()
    /// How many rows.
    private(set) var rows = 0
    // The days and the first row's place are kept in fewer bytes than `Day` and
    // `SourceLocation` take: a year of spend is hundreds of thousands of tallies.
    private var first: Int32
    private var last: Int32
    private var samplePath: String
    private var sampleLine: Int
    private var sampleColumn: Int32

    /// The first day with a row.
    var firstDay: Day {
      get { Day(ordinal: Int(first)) }
      set { first = Int32(truncatingIfNeeded: newValue.ordinal) }
    }
    /// The last day with a row.
    var lastDay: Day {
      get { Day(ordinal: Int(last)) }
      set { last = Int32(truncatingIfNeeded: newValue.ordinal) }
    }
    /// The first row, by location.
    var sample: SourceLocation {
      get { SourceLocation(path: samplePath, line: sampleLine, column: Int(sampleColumn)) }
      set {
        samplePath = newValue.path
        sampleLine = newValue.line
        sampleColumn = Int32(clamping: newValue.column)
      }
    }

    /// An empty tally that starts at `day`.
    init(day: Day, sample: SourceLocation) {
      first = Int32(truncatingIfNeeded: day.ordinal)
      last = first
      samplePath = sample.path
      sampleLine = sample.line
      sampleColumn = Int32(clamping: sample.column)
    }

    /// Both sums, exact.
    var amounts: SpendAmounts {
      SpendAmounts(effective: effective.money, billed: billed.money, rows: rows)
    }

    /// Adds a row.
    mutating func add(_ record: SpendRecord, day: Day, location: SourceLocation) {
      rows += 1
      if let fixed = record.fixedCosts {
        effective.add(units: fixed.effective)
        billed.add(units: fixed.billed)
      } else {
        effective.add(record.effectiveCost)
        billed.add(record.billedCost)
      }
      let ordinal = Int32(truncatingIfNeeded: day.ordinal)
      if ordinal < first { first = ordinal }
      if ordinal > last { last = ordinal }
      // Rows of one file arrive in line order: compare paths only when they differ.
      if location.path == samplePath ? location.line < sampleLine : location < sample {
        sample = location
      }
    }

    /// Adds another tally.
    mutating func merge(_ other: Tally) {
      effective.add(other.effective)
      billed.add(other.billed)
      rows += other.rows
      first = min(first, other.first)
      last = max(last, other.last)
      if other.sample < sample { sample = other.sample }
    }
  }
}
