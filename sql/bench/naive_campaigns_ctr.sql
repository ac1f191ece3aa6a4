-- Benchmark (ClickHouse): GET /kpi/campaigns-ctr (no filters) computed naively, by counting the raw events
-- (impressions_raw, clicks_raw) on every request instead of reading the pre-aggregated events_hourly.
-- Same columns, types, rounding and order as campaigns_ctr_filtered (sql/clickhouse/0005_kpi_views.sql).
-- Parameters: fetch_rows UInt32 (page size plus one).
WITH
  impression_counts AS (
    SELECT assumeNotNull(campaign_id) AS campaign_id, count() AS impressions
    FROM impressions_raw WHERE campaign_id IS NOT NULL GROUP BY campaign_id
  ),
  click_counts AS (
    SELECT assumeNotNull(campaign_id) AS campaign_id, count() AS clicks
    FROM clicks_raw WHERE campaign_id IS NOT NULL GROUP BY campaign_id
  ),
  totals AS (
    SELECT campaign.id AS id, campaign.name AS name, campaign.budget AS budget,
           toInt64(ifNull(i.impressions, 0)) AS impressions, toInt64(ifNull(c.clicks, 0)) AS clicks
    FROM campaign
    LEFT JOIN impression_counts AS i ON i.campaign_id = campaign.id
    LEFT JOIN click_counts AS c ON c.campaign_id = campaign.id
  )
SELECT
  id,
  name,
  budget,
  impressions AS total_impressions,
  clicks AS total_clicks,
  if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 3), 3)) AS total_ctr,
  if(clicks = 0, toDecimal64(budget, 2), toDecimal64(round(toDecimal128(budget, 12) / clicks, 2), 2)) AS cost_of_click
FROM totals
ORDER BY cost_of_click DESC, id
LIMIT {fetch_rows:UInt32}
