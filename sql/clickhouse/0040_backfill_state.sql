-- The record of backfills (`npm run backfill`, the backfill function): append-only, one row per event.
-- plan: a backfill of (id_from, id_to] split into ranges of range_ids ids (lib/backfill/plan.ts), written once every
-- transaction that could still commit an id at or below id_to has ended (README, "Backfill"); range: one range
-- (id_from, id_to] copied, with the rows it added; handover: the sync_state record that hands the table to the
-- scheduled sync was written, safe_mark being the safe mark it recorded; abandon: given up (`--abandon`, or a resync).
-- A backfill is open from its plan to its handover or abandon; while one is open the table's scheduled sync skips
-- (sql/state/read_state.sql), so the two never copy the same ids at once. Idempotent. No parameters.
CREATE TABLE IF NOT EXISTS backfill_state (
  table_name LowCardinality(String),
  backfill_id String,
  event LowCardinality(String),
  id_from Int64,
  id_to Int64,
  range_ids UInt64,
  safe_mark Int64,
  rows UInt64,
  run_id String,
  recorded_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY (table_name, backfill_id, recorded_at)
