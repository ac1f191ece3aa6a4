-- Rows of one incremental table present in ClickHouse within a window (before and after its copy), rows quarantined
-- there, and the newest freshness value among the window's last 10,000 ids (NULL without a freshness column).
-- Rendered: target, rejected (tables), id, newest (a scalar subquery or NULL). Parameters: watermark_from Int64
-- (exclusive), watermark_to Int64 (inclusive).
SELECT
  (SELECT count() FROM {{target}} WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}) AS rows,
  (SELECT uniqExact(id) FROM {{rejected}} WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}) AS rejected,
  {{newest}} AS newest_at
