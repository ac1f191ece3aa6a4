-- Benchmark reference (ClickHouse): the bare copy, one INSERT … SELECT FROM postgresql() of every impression into
-- impressions_plain, without pg2ch's window, dedup filter, window counts, watermark or materialized view.
-- Rendered: collection (the bench database's named collection). No parameters.
INSERT INTO impressions_plain (id, campaign_id, created_at)
SELECT id, campaign_id, created_at
FROM postgresql({{collection}}, table = 'impressions')
