-- Weekly AI spend per IAM principal, from an AWS CUR 2.0 table, as FOCUS-shaped rows that
-- `finops build` reads from spend/. Run it in Amazon Athena over the CUR 2.0 export (replace
-- `cur` with your table, e.g. "cur_db"."cur2"), download the result as CSV into
-- spend/YYYY-MM/weekly-principal-spend-YYYYMMDD.csv, and commit it.
--
-- At organisation scale CUR 2.0 is billions of rows; this keeps one row per billing period,
-- week, account, Region, usage type and caller. Weeks are ISO weeks (Monday), as on the cards.
-- Costs are summed as DECIMAL(38,10) so the totals stay exact. The same text runs in DuckDB,
-- which the tests use to check that the aggregated rows give exactly the raw rows' cards.
SELECT
  CAST(bill_billing_period_start_date AS DATE) AS "BillingPeriodStart",
  CAST(date_trunc('week', line_item_usage_start_date) AS DATE) AS "ChargePeriodStart",
  CAST(date_trunc('week', line_item_usage_start_date) + INTERVAL '7' DAY AS DATE) AS "ChargePeriodEnd",
  SUM(CAST(line_item_unblended_cost AS DECIMAL(38, 10))) AS "BilledCost",
  SUM(CAST(COALESCE(line_item_net_unblended_cost, line_item_unblended_cost) AS DECIMAL(38, 10)))
    AS "EffectiveCost",
  line_item_currency_code AS "BillingCurrency",
  CASE line_item_line_item_type
    WHEN 'Usage' THEN 'Usage'
    WHEN 'Tax' THEN 'Tax'
    WHEN 'Credit' THEN 'Credit'
    WHEN 'Refund' THEN 'Credit'
    WHEN 'SavingsPlanCoveredUsage' THEN 'Usage'
    ELSE 'Adjustment'
  END AS "ChargeCategory",
  line_item_product_code AS "ServiceName",
  line_item_usage_account_id AS "SubAccountId",
  product_region_code AS "RegionId",
  line_item_usage_type AS "SkuMeter",
  SUM(CAST(line_item_usage_amount AS DECIMAL(38, 10))) AS "ConsumedQuantity",
  line_item_iam_principal AS "x_IamPrincipal"
FROM cur
WHERE line_item_product_code IN ('AmazonBedrock', 'AmazonBedrockService', 'AmazonBedrockFoundationModels', 'AmazonBedrockAgentCore')
GROUP BY
  CAST(bill_billing_period_start_date AS DATE),
  CAST(date_trunc('week', line_item_usage_start_date) AS DATE),
  CAST(date_trunc('week', line_item_usage_start_date) + INTERVAL '7' DAY AS DATE),
  line_item_currency_code,
  line_item_line_item_type,
  line_item_product_code,
  line_item_usage_account_id,
  product_region_code,
  line_item_usage_type,
  line_item_iam_principal
ORDER BY 2, 9, 10, 11, 13
