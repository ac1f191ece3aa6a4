-- Benchmark (ClickHouse): GET /kpi/campaign-spend (no filters) computed naively from the raw clicks on every
-- request. Same columns, types, rounding and order as campaign_spend_filtered (sql/clickhouse/0005_kpi_views.sql).
-- Parameters: fetch_rows UInt32 (page size plus one).
WITH
  click_counts AS (
    SELECT assumeNotNull(campaign_id) AS campaign_id, count() AS clicks
    FROM clicks_raw WHERE campaign_id IS NOT NULL GROUP BY campaign_id
  ),
  totals AS (
    SELECT campaign.id AS id, campaign.name AS name, campaign.advertiser_id AS advertiser_id, campaign.bid AS bid,
           campaign.budget AS budget, toInt64(ifNull(c.clicks, 0)) AS clicks
    FROM campaign
    LEFT JOIN click_counts AS c ON c.campaign_id = campaign.id
  )
SELECT
  id,
  name,
  advertiser_id,
  bid,
  budget,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / budget, 4), 4)) AS budget_utilisation
FROM totals
ORDER BY spend DESC, id
LIMIT {fetch_rows:UInt32}
