-- Failed sync runs, one row each: sync_state records only committed runs, so this is where "last error" comes from
-- (`npm run status`, docs/operations.md). Appended best-effort by the sync functions and `npm run sync` when a run
-- fails; a run that cannot reach ClickHouse leaves no row (its ERROR log line and the Lambda Errors metric remain).
-- error is the message chain of the failure (never credentials); unreachable names the sides that did not answer
-- a check made after it. Rows expire after 90 days. Idempotent.
CREATE TABLE IF NOT EXISTS sync_failures (
  table_name LowCardinality(String),
  step String,
  error String,
  unreachable Array(LowCardinality(String)),
  run_id String,
  duration_ms UInt64,
  failed_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY (table_name, failed_at)
TTL toDateTime(failed_at) + INTERVAL 90 DAY;
