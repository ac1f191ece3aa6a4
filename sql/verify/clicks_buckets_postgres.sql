-- Verify, PostgreSQL side: row count and id sum of clicks per bucket of ids in ($1, $2], bucket k holding
-- ($1 + k*$3, $1 + (k+1)*$3]; compared with sql/verify/clicks_buckets_clickhouse.sql. Aggregates only,
-- so no row leaves PostgreSQL. Parameters: $1 bigint id_from (exclusive), $2 bigint id_to (inclusive), $3 bigint width.
SELECT ((id - $1::bigint - 1) / $3::bigint)::text AS bucket, count(*)::text AS rows, sum(id)::text AS id_sum
FROM clicks
WHERE id > $1::bigint AND id <= $2::bigint
GROUP BY 1
