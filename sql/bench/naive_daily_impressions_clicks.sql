-- Benchmark (ClickHouse): GET /kpi/daily-impressions-clicks (no filters) computed naively from the raw events
-- on every request. Same columns, types and order as daily_impressions_clicks_filtered (0005_kpi_views.sql).
-- Parameters: fetch_rows UInt32 (page size plus one).
SELECT date, toInt64(countIf(is_click = 0)) AS daily_impressions, toInt64(countIf(is_click = 1)) AS daily_clicks
FROM (
  SELECT toDate(assumeNotNull(created_at)) AS date, 0 AS is_click
  FROM impressions_raw
  WHERE campaign_id IN (SELECT id FROM campaign)
  UNION ALL
  SELECT toDate(assumeNotNull(created_at)) AS date, 1 AS is_click
  FROM clicks_raw
  WHERE campaign_id IN (SELECT id FROM campaign)
)
GROUP BY date
ORDER BY date
LIMIT {fetch_rows:UInt32}
