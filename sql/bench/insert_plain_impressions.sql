-- Benchmark reference (ClickHouse): the bare copy, one INSERT … SELECT FROM postgresql() of every impression into
-- impressions_plain, without pg2ch's window, dedup filter, window counts, watermark or materialized view.
-- No parameters.
INSERT INTO impressions_plain (id, campaign_id, created_at)
SELECT id, campaign_id, created_at
FROM postgresql(pg2ch_source, table = 'impressions')
