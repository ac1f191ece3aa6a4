-- Copies impressions with id in (watermark_from, watermark_to] from PostgreSQL, skipping ids already
-- present in that window, so a re-run or a run after a crash never doubles a row.
-- The id range is a bare comparison inside the postgresql() read, so PostgreSQL's COPY carries it.
-- Parameters: watermark_from Int64 (exclusive), watermark_to Int64 (inclusive).
INSERT INTO impressions_raw (id, campaign_id, created_at)
SELECT id, campaign_id, created_at
FROM (
  SELECT id, campaign_id, created_at
  FROM postgresql(pg2ch_source, table = 'impressions')
  WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
)
WHERE id NOT IN (
  SELECT id FROM impressions_raw WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
)
