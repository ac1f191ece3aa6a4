-- Verify, PostgreSQL side: per bucket of ids in ($1, $2] (bucket k holding ($1 + k*$3, $1 + (k+1)*$3]), the row
-- count and the sum of every row's 60-bit content hash (lib/tables/rowHash.ts), computed the same way as
-- sql/verify/buckets_clickhouse.sql. Aggregates only: no row leaves PostgreSQL. Leaves out ids quarantined in
-- ClickHouse ($4) and, for a table whose rows count only through a live parent, rows whose parent is not live on
-- both sides ($5; NULL: no such filter).
-- Rendered: table (schema-qualified), id, row_hash, live_column (or NULL). Parameters: $1 bigint id_from
-- (exclusive), $2 bigint id_to (inclusive), $3 bigint width, $4 bigint[] quarantined ids, $5 bigint[] live parents.
SELECT
  (({{id}}::bigint - $1::bigint - 1) / $3::bigint)::text AS bucket,
  count(*)::text AS rows,
  coalesce(sum({{row_hash}}), 0)::text AS row_hash
FROM {{table}}
WHERE {{id}} > $1::bigint AND {{id}} <= $2::bigint
  AND NOT ({{id}} = ANY ($4::bigint[]))
  AND ($5::bigint[] IS NULL OR {{live_column}} IS NULL OR {{live_column}} = ANY ($5::bigint[]))
GROUP BY 1
