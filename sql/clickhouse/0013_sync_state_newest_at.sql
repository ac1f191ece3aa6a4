-- How fresh a table is: each incremental run records the newest value of the table's freshness column (tables.json
-- "freshnessColumn", e.g. created_at) among the last ids it copied; status and the freshness_lag_s metric read it.
-- NULL for full loads, idle runs and tables without a freshness column. Idempotent.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS newest_at Nullable(DateTime64(6, 'UTC')) AFTER complete;
