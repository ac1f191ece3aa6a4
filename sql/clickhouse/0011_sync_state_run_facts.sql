-- What a run knew, for freshness and backlog: source_max_id is the highest id PostgreSQL showed at the run's
-- snapshot (NULL for full loads), complete = 1 when the run read everything committed before it started (an
-- incremental run that was neither capped by MAX_ROWS nor left gaps for later; every full load), and
-- rows_rejected counts rows the run quarantined instead of copying. Runs recorded before this migration read
-- NULL, 0 and 0. Idempotent.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS source_max_id Nullable(Int64) AFTER safe_mark;

ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS complete UInt8 DEFAULT 0 AFTER source_max_id;

ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS rows_rejected UInt64 DEFAULT 0 AFTER rows;
