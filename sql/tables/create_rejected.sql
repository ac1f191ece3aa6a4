-- Rows of one registry table that ClickHouse cannot store exactly (an infinite or out-of-range date, a NaN numeric,
-- a value a column's type refuses): the row's id, every value as PostgreSQL's text and the reason. A row rejected
-- again replaces its earlier record (read with FINAL). Idempotent. Rendered: rejected (table). No parameters.
CREATE TABLE IF NOT EXISTS {{rejected}} (
  id Int64,
  raw_values Map(String, Nullable(String)),
  reason String,
  run_id String,
  rejected_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(rejected_at)
ORDER BY id
