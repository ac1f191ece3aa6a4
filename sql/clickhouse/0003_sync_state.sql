-- The record of progress: one row per committed sync run, appended after the run's INSERT succeeded.
-- Incremental tables: the window read was (watermark_from, watermark_to] by id; safe_mark is the id at or
-- below which every row is final and present here; snapshot_xmax is PostgreSQL's pg_snapshot_xmax taken
-- after watermark_to was read (watermark_to becomes safe once every transaction older than it has ended).
-- Full tables: watermarks are 0 and rows is the size of the new copy.
CREATE TABLE IF NOT EXISTS sync_state (
  table_name LowCardinality(String),
  mode LowCardinality(String),
  watermark_from Int64,
  watermark_to Int64,
  safe_mark Int64,
  snapshot_xmax UInt64,
  rows UInt64,
  duration_ms UInt64,
  query_id String,
  finished_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY (table_name, finished_at);
