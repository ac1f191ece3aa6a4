-- Benchmark (ClickHouse): generates `count` events directly into impressions_raw (or clicks_raw, rendered by the
-- caller through the table name parameter) without going through PostgreSQL, for the KPI-at-scale section: ids
-- first + 1 .. first + count, each event in a live campaign (uniform by id hash) at a time in the past 7 days (uniform
-- by id hash). The materialized views fill events_hourly as the sync would. Parameters: table Identifier,
-- first UInt64, count UInt64.
INSERT INTO {table:Identifier} (id, campaign_id, created_at)
WITH (SELECT groupArray(id) FROM campaign) AS campaigns
SELECT
  toInt32(number + 1) AS id,
  campaigns[1 + cityHash64(number, 'campaign') % length(campaigns)] AS campaign_id,
  now64(6, 'UTC') - toIntervalMicrosecond(cityHash64(number, 'time') % 604800000000) AS created_at
FROM numbers({first:UInt64}, {count:UInt64})
