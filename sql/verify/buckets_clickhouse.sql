-- Verify, ClickHouse side: per bucket of ids in (id_from, id_to] (bucket k holding (id_from + k*width,
-- id_from + (k+1)*width]), the row count and the sum of every row's 60-bit content hash, computed the same way as
-- sql/verify/buckets_postgres.sql. Rows whose live parent is not live on both sides are left out (live_ids; an
-- empty filter flag keeps every row).
-- Rendered: target, id, row_hash, live_column (or NULL). Parameters: id_from Int64 (exclusive), id_to Int64
-- (inclusive), width Int64, filter_live UInt8, live_ids Array(Int64).
SELECT
  toString(intDiv(toInt64({{id}}) - {id_from:Int64} - 1, {width:Int64})) AS bucket,
  toString(count()) AS rows,
  toString(sum(toUInt128({{row_hash}}))) AS row_hash
FROM {{target}}
WHERE {{id}} > {id_from:Int64} AND {{id}} <= {id_to:Int64}
  AND ({filter_live:UInt8} = 0 OR {{live_column}} IS NULL OR {{live_column}} IN {live_ids:Array(Int64)})
GROUP BY bucket
