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
  public var billedCost: Money { didSet { fixedCosts = nil } }
  /// What the spend cost after discounts and amortisation (`EffectiveCost`, CUR
  /// `line_item_net_unblended_cost`, else unblended): the amount attributed and put on cards.
  public var effectiveCost: Money { didSet { fixedCosts = nil } }
  /// Both costs as integers, when the reader could tell they fit (see `FixedCosts`); cleared
  /// when either cost changes.
  public var fixedCosts: FixedCosts?
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
  public var quantity: Decimal?
  /// The resource (`ResourceId`), such as a model or inference profile ARN.
  public var resourceId: String?
  /// The tags as written (FOCUS: a JSON object).
  public var tags: String?
  /// The caller's ARN (`x_IamPrincipal`, CUR `line_item_iam_principal`).
  public var principal: String?

  /// Creates a record.
  @inline(never)
  public init(
    location: SourceLocation, chargePeriodStart: Timestamp, chargePeriodEnd: Timestamp,
    billingPeriodStart: Day? = nil, billedCost: Money, effectiveCost: Money,
    listCost: Money? = nil, currency: String, chargeCategory: ChargeCategory = .usage,
    isCorrection: Bool = false, serviceName: String? = nil, account: String? = nil,
    region: String? = nil, meter: String? = nil, quantity: Decimal? = nil,
    resourceId: String? = nil, tags: String? = nil, principal: String? = nil,
    fixedCosts: FixedCosts? = nil
  ) {
    self.location = location
    self.chargePeriodStart = chargePeriodStart
    self.chargePeriodEnd = chargePeriodEnd
    if let billingPeriodStart {
      self.billingPeriodStart = billingPeriodStart
    } else {
      let start = chargePeriodStart.day
      self.billingPeriodStart = Day(ordinal: start.ordinal - (start.components.day - 1))
    }
    self.billedCost = billedCost
    self.effectiveCost = effectiveCost
    self.listCost = listCost
    self.currency = currency
    self.chargeCategory = chargeCategory
    self.isCorrection = isCorrection
    self.serviceName = serviceName
    self.account = account
    self.region = region
    self.meter = meter
    self.quantity = quantity
    self.resourceId = resourceId
    self.tags = tags
    self.principal = principal
    self.fixedCosts = fixedCosts
  }
}
