-- Benchmark (ClickHouse): GET /kpi/advertisers (no filters) computed naively from the raw events on every
-- request. Same columns, types, rounding and order as advertiser_kpis_filtered (sql/clickhouse/0005_kpi_views.sql).
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
  campaign_totals AS (
    SELECT campaign.advertiser_id AS advertiser_id, campaign.bid AS bid, campaign.budget AS budget,
           toInt64(ifNull(i.impressions, 0)) AS impressions, toInt64(ifNull(c.clicks, 0)) AS clicks
    FROM campaign
    LEFT JOIN impression_counts AS i ON i.campaign_id = campaign.id
    LEFT JOIN click_counts AS c ON c.campaign_id = campaign.id
  )
SELECT
  advertiser.id AS id,
  advertiser.name AS name,
  toInt64(ifNull(totals.owned_campaigns, 0)) AS campaigns,
  toInt64(ifNull(totals.owned_impressions, 0)) AS total_impressions,
  toInt64(ifNull(totals.owned_clicks, 0)) AS total_clicks,
  if(total_impressions = 0, NULL, toDecimal64(round(toDecimal128(total_clicks, 10) / total_impressions, 3), 3)) AS ctr,
  toDecimal128(ifNull(totals.owned_budget, 0), 2) AS budget,
  toDecimal128(ifNull(totals.owned_spend, 0), 2) AS spend,
  if(budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / budget, 4), 4)) AS budget_utilisation,
  if(total_impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / total_impressions, 2), 2)) AS cpm,
  if(total_clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / total_clicks, 2), 2)) AS cpc
FROM advertiser
LEFT JOIN (
  SELECT
    assumeNotNull(advertiser_id) AS owner_id,
    count() AS owned_campaigns,
    sum(impressions) AS owned_impressions,
    sum(clicks) AS owned_clicks,
    sum(toDecimal128(budget, 2)) AS owned_budget,
    sum(toDecimal128(bid, 2) * clicks) AS owned_spend
  FROM campaign_totals
  WHERE advertiser_id IS NOT NULL
  GROUP BY owner_id
) AS totals ON totals.owner_id = advertiser.id
ORDER BY id
LIMIT {fetch_rows:UInt32}
