-- Events dated outside the range of the aggregate's DateTime hours (before 1970 or from 2106 on; the raw tables keep
-- 1900-2299 exactly) are counted in the hour 1970-01-01 00:00, like events without a created_at, instead of in a
-- wrapped-around hour: daily rows still add up to the totals (README, KPIs). The materialized views change their query
-- in place (no moment without them), and the drift view uses the same hours. A database that already counted such
-- events in a wrong hour shows them in `npm run kpi:check`; `--repair` moves them. No parameters.
ALTER TABLE events_hourly_from_impressions MODIFY QUERY
SELECT event_campaign_id AS campaign_id, event_hour AS hour, toInt64(count()) AS impressions, toInt64(0) AS clicks
FROM (
  SELECT
    assumeNotNull(campaign_id) AS event_campaign_id,
    toStartOfHour(if(assumeNotNull(created_at) >= toDateTime64('1970-01-01 00:00:00', 6, 'UTC')
                       AND assumeNotNull(created_at) < toDateTime64('2106-02-07 06:00:00', 6, 'UTC'),
                     assumeNotNull(created_at), toDateTime64('1970-01-01 00:00:00', 6, 'UTC'))) AS event_hour
  FROM impressions_raw
  WHERE campaign_id IS NOT NULL
)
GROUP BY event_campaign_id, event_hour;

ALTER TABLE events_hourly_from_clicks MODIFY QUERY
SELECT event_campaign_id AS campaign_id, event_hour AS hour, toInt64(0) AS impressions, toInt64(count()) AS clicks
FROM (
  SELECT
    assumeNotNull(campaign_id) AS event_campaign_id,
    toStartOfHour(if(assumeNotNull(created_at) >= toDateTime64('1970-01-01 00:00:00', 6, 'UTC')
                       AND assumeNotNull(created_at) < toDateTime64('2106-02-07 06:00:00', 6, 'UTC'),
                     assumeNotNull(created_at), toDateTime64('1970-01-01 00:00:00', 6, 'UTC'))) AS event_hour
  FROM clicks_raw
  WHERE campaign_id IS NOT NULL
)
GROUP BY event_campaign_id, event_hour;

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
    SELECT campaign_id AS event_campaign_id, toStartOfHour(if(created_at >= toDateTime64('1970-01-01 00:00:00', 6, 'UTC')
             AND created_at < toDateTime64('2106-02-07 06:00:00', 6, 'UTC'), created_at,
             toDateTime64('1970-01-01 00:00:00', 6, 'UTC'))) AS event_hour, is_click
    FROM (
      SELECT assumeNotNull(campaign_id) AS campaign_id, assumeNotNull(created_at) AS created_at, 0 AS is_click
      FROM impressions_raw
      WHERE campaign_id IS NOT NULL
      UNION ALL
      SELECT assumeNotNull(campaign_id) AS campaign_id, assumeNotNull(created_at) AS created_at, 1 AS is_click
      FROM clicks_raw
      WHERE campaign_id IS NOT NULL
    )
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
