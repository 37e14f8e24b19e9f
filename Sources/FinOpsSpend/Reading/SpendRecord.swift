import FinOpsCore
import Foundation

/// One cost row of an export, in FOCUS terms whatever the file's flavour; amounts exact.
public struct SpendRecord: Sendable, Hashable {
  /// The file and line the row came from.
  public var location: SourceLocation
  /// Inclusive start of the charge period (UTC).
  public var chargePeriodStart: Timestamp
  /// Exclusive end of the charge period (UTC).
  public var chargePeriodEnd: Timestamp
  /// The first day of the billing period (`BillingPeriodStart`, CUR
  /// `bill_billing_period_start_date`); when the file has no such column, the first day of the
  /// month the charge period starts in.
  public var billingPeriodStart: Day
  /// What the invoice says (`BilledCost`, CUR `line_item_unblended_cost`).
  public var billedCost: Money {
    get { costs.billed }
    set { costs = Costs(billed: newValue, effective: costs.effective) }
  }
  /// What the spend cost after discounts and amortisation (`EffectiveCost`, CUR
  /// `line_item_net_unblended_cost`, else unblended): the amount attributed and put on cards.
  public var effectiveCost: Money {
    get { costs.effective }
    set { costs = Costs(billed: costs.billed, effective: newValue) }
  }
  /// Both costs as integers, when the reader could tell they fit (see `FixedCosts`); nil once
  /// either cost is set.
  public var fixedCosts: FixedCosts? { costs.fixed }
  /// Both costs.
  private var costs: Costs
  /// The public on-demand cost (`ListCost`, CUR `pricing_public_on_demand_cost`), when given.
  public var listCost: Money?
  /// The ISO 4217 code of the amounts.
  public var currency: String
  /// What kind of charge it is; Usage when the file has no category column.
  public var chargeCategory: ChargeCategory
  /// Whether FOCUS marks the row a correction of an earlier invoiced period.
  public var isCorrection: Bool
  /// The service (`ServiceName`, CUR `line_item_product_code`).
  public var serviceName: String?
  /// The 12-digit account that used the service (`SubAccountId`).
  public var account: String?
  /// The Region (`RegionId`, CUR `product_region_code`).
  public var region: String?
  /// The meter (`SkuMeter`, CUR `line_item_usage_type`), such as
  /// `USE1-Claude4.5Sonnet-input-tokens`.
  public var meter: String?
  /// How much was used, in the meter's unit.
  public var quantity: Decimal? {
    get { storedQuantity?.amount.value }
    set { storedQuantity = newValue.map { Quantity(.decimal($0)) } }
  }
  /// The quantity as read: no `Decimal` is made for it on every row, since nothing sums it.
  private var storedQuantity: Quantity?
  /// The resource (`ResourceId`), such as a model or inference profile ARN.
  public var resourceId: String?
  /// The tags as written (FOCUS: a JSON object).
  public var tags: String?
  /// The caller's ARN (`x_IamPrincipal`, CUR `line_item_iam_principal`).
  public var principal: String?

  /// The first day of the month `time` falls in (UTC).
  private static func monthStart(of time: Timestamp) -> Day {
    let day = time.day
    return Day(ordinal: day.ordinal - (day.components.day - 1))
  }

  /// A quantity, equal to another of the same value however each was read.
  struct Quantity: Sendable, Hashable {
    let amount: FieldParser.Amount

    init(_ amount: FieldParser.Amount) { self.amount = amount }

    static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.amount.value == rhs.amount.value }

    func hash(into hasher: inout Hasher) { hasher.combine(amount.value) }
  }

  /// A record's two costs: as `FixedCosts` when the reader could give them so, with no
  /// `Decimal` made (making three on every row was a twentieth of reading an export), else as
  /// money. Equal and hashed by the amounts, however they are held.
  struct Costs: Sendable, Hashable {
    /// The costs in units, when they are held so.
    let fixed: FixedCosts?
    private let billedMoney: Money
    private let effectiveMoney: Money

    /// Costs held as units.
    init(_ fixed: FixedCosts) {
      self.fixed = fixed
      billedMoney = .zero
      effectiveMoney = .zero
    }

    /// Costs held as money.
    init(billed: Money, effective: Money) {
      fixed = nil
      billedMoney = billed
      effectiveMoney = effective
    }

    /// The billed cost.
    var billed: Money { fixed.map { FixedSum.money($0.billed) } ?? billedMoney }
    /// The effective cost.
    var effective: Money { fixed.map { FixedSum.money($0.effective) } ?? effectiveMoney }

    static func == (lhs: Costs, rhs: Costs) -> Bool {
      lhs.billed == rhs.billed && lhs.effective == rhs.effective
    }

    func hash(into hasher: inout Hasher) {
      hasher.combine(billed)
      hasher.combine(effective)
    }
  }
}

// The initializers are declared apart from the type so that it keeps its memberwise one.
extension SpendRecord {
  /// Creates a record; `fixedCosts`, when given, must be `billedCost` and `effectiveCost` in
  /// units.
  public init(
    location: SourceLocation, chargePeriodStart: Timestamp, chargePeriodEnd: Timestamp,
    billingPeriodStart: Day? = nil, billedCost: Money, effectiveCost: Money,
    listCost: Money? = nil, currency: String, chargeCategory: ChargeCategory = .usage,
    isCorrection: Bool = false, serviceName: String? = nil, account: String? = nil,
    region: String? = nil, meter: String? = nil, quantity: Decimal? = nil,
    resourceId: String? = nil, tags: String? = nil, principal: String? = nil,
    fixedCosts: FixedCosts? = nil
  ) {
    self.init(
      location: location, chargePeriodStart: chargePeriodStart, chargePeriodEnd: chargePeriodEnd,
      billingPeriodStart: billingPeriodStart,
      costs: fixedCosts.map(Costs.init) ?? Costs(billed: billedCost, effective: effectiveCost),
      listCost: listCost, currency: currency, chargeCategory: chargeCategory,
      isCorrection: isCorrection, serviceName: serviceName, account: account, region: region,
      meter: meter, quantity: quantity.map(FieldParser.Amount.decimal), resourceId: resourceId,
      tags: tags, principal: principal)
  }

  /// Creates a record from its costs as the reader found them.
  ///
  /// Not inlined: inlined into the reader, the new record was copied before it was passed on.
  @inline(never)
  init(
    location: SourceLocation, chargePeriodStart: Timestamp, chargePeriodEnd: Timestamp,
    billingPeriodStart: Day?, costs: Costs, listCost: Money?, currency: String,
    chargeCategory: ChargeCategory, isCorrection: Bool, serviceName: String?, account: String?,
    region: String?, meter: String?, quantity: FieldParser.Amount?, resourceId: String?,
    tags: String?, principal: String?
  ) {
    // Through the memberwise initializer: setting the properties one by one here had the
    // record built in one place and copied to another, retaining and releasing its strings.
    self.init(
      location: location, chargePeriodStart: chargePeriodStart, chargePeriodEnd: chargePeriodEnd,
      billingPeriodStart: billingPeriodStart ?? Self.monthStart(of: chargePeriodStart),
      costs: costs, listCost: listCost, currency: currency, chargeCategory: chargeCategory,
      isCorrection: isCorrection, serviceName: serviceName, account: account, region: region,
      meter: meter, storedQuantity: quantity.map(Quantity.init), resourceId: resourceId,
      tags: tags, principal: principal)
  }
}
