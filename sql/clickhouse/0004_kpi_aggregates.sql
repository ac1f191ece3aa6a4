-- Pre-aggregated event counts behind every KPI: impressions and clicks per campaign and UTC hour, so KPI
-- queries read this small table instead of scanning impressions_raw / clicks_raw on each request.
-- Two materialized views add each block the sync appends to a raw table (the sync never appends an id
-- twice, so each raw row is counted once). Read it only with sum() ... GROUP BY: SummingMergeTree merges
-- rows of one key in the background, never all of them. Counts are Int64 because a correction row written
-- by the repair (events_hourly_drift) may be negative. Rows with a NULL campaign_id are not counted (KPIs
-- cover live campaigns only). A NULL created_at falls in the hour 1970-01-01 00:00:00, as in the raw
-- tables' partition key, so per-day sums still add up to the totals.
-- Deleted campaigns keep their rows here; the KPI views (0005) join the live campaign table at query time.
-- No parameters.
CREATE TABLE IF NOT EXISTS events_hourly (
  campaign_id Int32,
  hour DateTime('UTC'),
  impressions Int64,
  clicks Int64
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (campaign_id, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_from_impressions TO events_hourly AS
SELECT event_campaign_id AS campaign_id, event_hour AS hour, toInt64(count()) AS impressions, toInt64(0) AS clicks
FROM (
  SELECT assumeNotNull(campaign_id) AS event_campaign_id, toStartOfHour(assumeNotNull(created_at)) AS event_hour
  FROM impressions_raw
  WHERE campaign_id IS NOT NULL
)
GROUP BY event_campaign_id, event_hour;

CREATE MATERIALIZED VIEW IF NOT EXISTS events_hourly_from_clicks TO events_hourly AS
SELECT event_campaign_id AS campaign_id, event_hour AS hour, toInt64(0) AS impressions, toInt64(count()) AS clicks
FROM (
  SELECT assumeNotNull(campaign_id) AS event_campaign_id, toStartOfHour(assumeNotNull(created_at)) AS event_hour
  FROM clicks_raw
  WHERE campaign_id IS NOT NULL
)
GROUP BY event_campaign_id, event_hour;

-- Parameterized view: per (campaign_id, hour) in the optional UTC date range [date_from, date_to], the raw
-- counts minus events_hourly's counts, only where they differ. Empty when the aggregate is exact. Inserting
-- its rows into events_hourly makes the aggregate exact again (and is a no-op when it already is).
-- Parameters: date_from Nullable(Date), date_to Nullable(Date) (inclusive; NULL = unbounded).
CREATE OR REPLACE VIEW events_hourly_drift AS
SELECT
  campaign_id,
  hour,
  ifNull(raw_impressions, 0) - ifNull(kept_impressions, 0) AS impressions,
  ifNull(raw_clicks, 0) - ifNull(kept_clicks, 0) AS clicks
FROM (
  SELECT event_campaign_id AS campaign_id, event_hour AS hour,
         toInt64(countIf(is_click = 0)) AS raw_impressions, toInt64(countIf(is_click = 1)) AS raw_clicks
  FROM (
    SELECT assumeNotNull(campaign_id) AS event_campaign_id, toStartOfHour(assumeNotNull(created_at)) AS event_hour,
           0 AS is_click
    FROM impressions_raw
    WHERE campaign_id IS NOT NULL
    UNION ALL
    SELECT assumeNotNull(campaign_id) AS event_campaign_id, toStartOfHour(assumeNotNull(created_at)) AS event_hour,
           1 AS is_click
    FROM clicks_raw
    WHERE campaign_id IS NOT NULL
  )
  WHERE ({date_from:Nullable(Date)} IS NULL OR event_hour >= toDateTime({date_from:Nullable(Date)}, 'UTC'))
    AND ({date_to:Nullable(Date)} IS NULL OR event_hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), 'UTC'))
  GROUP BY event_campaign_id, event_hour
) AS raw
FULL OUTER JOIN (
  SELECT campaign_id, hour, sum(impressions) AS kept_impressions, sum(clicks) AS kept_clicks
  FROM events_hourly
  WHERE ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, 'UTC'))
    AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), 'UTC'))
  GROUP BY campaign_id, hour
) AS kept USING (campaign_id, hour)
WHERE impressions != 0 OR clicks != 0;

-- Backfill: a database migrated while it already holds raw rows gets them counted once. Re-applying it adds
-- nothing (the drift is then empty), so a migration interrupted after this statement is safe to re-run.
INSERT INTO events_hourly (campaign_id, hour, impressions, clicks)
SELECT campaign_id, hour, impressions, clicks
FROM events_hourly_drift(date_from = NULL, date_to = NULL);
