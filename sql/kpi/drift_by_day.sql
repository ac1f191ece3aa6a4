-- Consistency check of events_hourly against the raw tables: per UTC day, how many campaign-hours differ and
-- the net impressions / clicks the aggregate is missing (raw minus aggregate; negative = counted twice).
-- No rows means every KPI is exact for the range. Reads the raw rows of the range once.
-- Parameters: date_from Nullable(Date), date_to Nullable(Date) (inclusive; NULL = unbounded).
SELECT
  toDate(hour) AS date,
  count() AS campaign_hours,
  sum(impressions) AS missing_impressions,
  sum(clicks) AS missing_clicks
FROM events_hourly_drift(date_from = {date_from:Nullable(Date)}, date_to = {date_to:Nullable(Date)})
GROUP BY date
ORDER BY date
