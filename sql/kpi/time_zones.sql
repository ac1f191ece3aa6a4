-- The time zone names this ClickHouse server knows (the KPI function refuses any other tz with a 400).
-- Parameters: none.
SELECT time_zone FROM system.time_zones
