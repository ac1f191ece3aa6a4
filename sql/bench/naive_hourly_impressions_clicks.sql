-- Benchmark (ClickHouse): GET /kpi/hourly-impressions-clicks?date=… computed naively from the raw events on
-- every request. Same columns, types and order as hourly_impressions_clicks_filtered (0005_kpi_views.sql).
-- Parameters: date Date (UTC day), fetch_rows UInt32 (page size plus one).
SELECT hour, toInt64(countIf(is_click = 0)) AS hourly_impressions, toInt64(countIf(is_click = 1)) AS hourly_clicks
FROM (
  SELECT toDateTime(toStartOfHour(assumeNotNull(created_at)), 'UTC') AS hour, 0 AS is_click
  FROM impressions_raw
  WHERE campaign_id IN (SELECT id FROM campaign)
    AND created_at >= toDateTime64({date:Date}, 6, 'UTC') AND created_at < toDateTime64(addDays({date:Date}, 1), 6, 'UTC')
  UNION ALL
  SELECT toDateTime(toStartOfHour(assumeNotNull(created_at)), 'UTC') AS hour, 1 AS is_click
  FROM clicks_raw
  WHERE campaign_id IN (SELECT id FROM campaign)
    AND created_at >= toDateTime64({date:Date}, 6, 'UTC') AND created_at < toDateTime64(addDays({date:Date}, 1), 6, 'UTC')
)
GROUP BY hour
ORDER BY hour
LIMIT {fetch_rows:UInt32}
