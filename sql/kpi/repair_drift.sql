-- Makes events_hourly exact again for a date range by appending the drift (raw minus aggregate) as correction
-- rows; a no-op when there is none. Run only while no sync INSERT is running (lib/kpi/repair.ts holds the
-- impressions and clicks run locks), or a block written to raw but not yet to the aggregate is counted twice.
-- Parameters: date_from Nullable(Date), date_to Nullable(Date) (inclusive; NULL = unbounded).
INSERT INTO events_hourly (campaign_id, hour, impressions, clicks)
SELECT campaign_id, hour, impressions, clicks
FROM events_hourly_drift(date_from = {date_from:Nullable(Date)}, date_to = {date_to:Nullable(Date)})
