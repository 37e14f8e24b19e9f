/// A value the reader takes from a cost export, and the column names it has in each flavour.
public enum ExportField: String, Sendable, Hashable, CaseIterable {
  /// Inclusive start of the charge period.
  case chargePeriodStart
  /// Exclusive end of the charge period.
  case chargePeriodEnd
  /// First day of the billing period.
  case billingPeriodStart
  /// The invoiced cost.
  case billedCost
  /// The cost after discounts and amortisation.
  case effectiveCost
  /// The public on-demand cost.
  case listCost
  /// The ISO 4217 code of the costs.
  case currency
  /// Usage, Purchase, Tax, Credit or Adjustment (CUR: the line item type).
  case chargeCategory
  /// `Correction` for corrections of an earlier invoiced period.
  case chargeClass
  /// The service.
  case serviceName
  /// The account that used the service.
  case account
  /// The Region.
  case region
  /// The meter (usage type).
  case meter
  /// The quantity used, in the meter's unit.
  case quantity
  /// The resource.
  case resourceId
  /// The tags.
  case tags
  /// The caller's IAM principal ARN.
  case principal

  /// The field's position in `allCases`, without hashing (the row decoder's hot path).
  public var slot: Int {
    switch self {
    case .chargePeriodStart: 0
    case .chargePeriodEnd: 1
    case .billingPeriodStart: 2
    case .billedCost: 3
    case .effectiveCost: 4
    case .listCost: 5
    case .currency: 6
    case .chargeCategory: 7
    case .chargeClass: 8
    case .serviceName: 9
    case .account: 10
    case .region: 11
    case .meter: 12
    case .quantity: 13
    case .resourceId: 14
    case .tags: 15
    case .principal: 16
    }
  }

  /// The column names that hold this field in `flavor`, preferred first.
  public func columns(_ flavor: ExportFlavor) -> [String] {
    switch flavor {
    case .focus: focusColumns
    case .cur2: curColumns
    }
  }

  /// Whether a file without this field cannot be read at all.
  public func isRequired(_ flavor: ExportFlavor) -> Bool {
    switch self {
    case .chargePeriodStart, .chargePeriodEnd, .billedCost, .currency: true
    case .effectiveCost: flavor == .focus
    default: false
    }
  }

  private var focusColumns: [String] {
    switch self {
    case .chargePeriodStart: ["ChargePeriodStart"]
    case .chargePeriodEnd: ["ChargePeriodEnd"]
    case .billingPeriodStart: ["BillingPeriodStart"]
    case .billedCost: ["BilledCost"]
    case .effectiveCost: ["EffectiveCost"]
    case .listCost: ["ListCost"]
    case .currency: ["BillingCurrency"]
    case .chargeCategory: ["ChargeCategory"]
    case .chargeClass: ["ChargeClass"]
    case .serviceName: ["ServiceName"]
    case .account: ["SubAccountId"]
    case .region: ["RegionId"]
    // FOCUS 1.0 with AWS columns carried the meter in x_UsageType; 1.1 made it SkuMeter.
    case .meter: ["SkuMeter", "x_UsageType"]
    case .quantity: ["ConsumedQuantity"]
    case .resourceId: ["ResourceId"]
    case .tags: ["Tags"]
    case .principal: ["x_IamPrincipal"]
    }
  }

  private var curColumns: [String] {
    switch self {
    case .chargePeriodStart: ["line_item_usage_start_date"]
    case .chargePeriodEnd: ["line_item_usage_end_date"]
    case .billingPeriodStart: ["bill_billing_period_start_date"]
    case .billedCost: ["line_item_unblended_cost"]
    // Net of discounts when the export has it, like FOCUS EffectiveCost; else unblended.
    case .effectiveCost: ["line_item_net_unblended_cost"]
    case .listCost: ["pricing_public_on_demand_cost"]
    case .currency: ["line_item_currency_code"]
    case .chargeCategory: ["line_item_line_item_type"]
    case .chargeClass: []
    case .serviceName: ["line_item_product_code"]
    case .account: ["line_item_usage_account_id"]
    case .region: ["product_region_code"]
    case .meter: ["line_item_usage_type"]
    case .quantity: ["line_item_usage_amount"]
    case .resourceId: ["line_item_resource_id"]
    case .tags: ["resource_tags", "tags"]
    case .principal: ["line_item_iam_principal"]
    }
  }
}
