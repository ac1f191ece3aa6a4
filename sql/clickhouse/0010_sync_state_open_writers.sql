-- Late-commit tracking by open writers: each incremental run records the transactions that held
-- RowExclusiveLock on the source table or its id sequence when it started (virtual transaction ids; see
-- sql/source/*_snapshot.sql). A later run may release that run's watermark_to as safe once none of them is
-- still open. Rows written before this migration keep their snapshot_xmax rule (released once PostgreSQL's
-- xmin passes it); newer rows write snapshot_xmax = 0. Idempotent.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS open_writers Array(String) AFTER snapshot_xmax;
