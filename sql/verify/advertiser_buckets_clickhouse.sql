-- Verify, ClickHouse side: row count and id sum of advertiser per bucket of ids in (id_from, id_to], bucket k
-- holding (id_from + k*width, id_from + (k+1)*width]; compared with sql/verify/advertiser_buckets_postgres.sql.
-- Parameters: id_from Int64 (exclusive), id_to Int64 (inclusive), width Int64.
SELECT
  toString(intDiv(id - {id_from:Int64} - 1, {width:Int64})) AS bucket,
  toString(count()) AS rows,
  toString(sum(toInt64(id))) AS id_sum
FROM advertiser
WHERE id > {id_from:Int64} AND id <= {id_to:Int64}
GROUP BY bucket
