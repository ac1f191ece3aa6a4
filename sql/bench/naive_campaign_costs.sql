-- Benchmark (ClickHouse): GET /kpi/campaign-costs (no filters) computed naively from the raw events on every
-- request. Same columns, types, rounding and order as campaign_costs_filtered (sql/clickhouse/0005_kpi_views.sql).
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
    SELECT campaign.id AS id, campaign.name AS name, campaign.advertiser_id AS advertiser_id, campaign.bid AS bid,
           toInt64(ifNull(i.impressions, 0)) AS impressions, toInt64(ifNull(c.clicks, 0)) AS clicks
    FROM campaign
    LEFT JOIN impression_counts AS i ON i.campaign_id = campaign.id
    LEFT JOIN click_counts AS c ON c.campaign_id = campaign.id
  )
SELECT
  id,
  name,
  advertiser_id,
  impressions AS total_impressions,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm,
  if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc
FROM totals
ORDER BY id
LIMIT {fetch_rows:UInt32}
