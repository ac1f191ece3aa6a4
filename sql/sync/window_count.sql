-- Rows of one incremental table present in ClickHouse within a window (before and after its copy), and rows
-- quarantined there. Rendered: target, rejected (tables), id. Parameters: watermark_from Int64 (exclusive),
-- watermark_to Int64 (inclusive).
SELECT
  (SELECT count() FROM {{target}} WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}) AS rows,
  (SELECT uniqExact(id) FROM {{rejected}} WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}) AS rejected
