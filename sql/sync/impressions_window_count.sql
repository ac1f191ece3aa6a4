-- Number of impressions present in ClickHouse within a sync window (before and after its INSERT).
-- Parameters: watermark_from Int64 (exclusive), watermark_to Int64 (inclusive).
SELECT count() AS rows
FROM impressions_raw
WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
