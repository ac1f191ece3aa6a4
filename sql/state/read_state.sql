-- Where one incremental table stands in ClickHouse, in one round trip: its marks and the columns its copy and its
-- reader have now. safe_mark: every id at or below it is final and present; high_mark: the highest id read so far;
-- releasable: the highest earlier watermark_to that no open transaction can still add an id below (none of the
-- writers that run recorded is open now; rows older than migration 0010 carry a snapshot_xmax instead, released once
-- PostgreSQL's xmin passes it); runs: 0 for a table never synced; newest_at: the newest freshness value recorded.
-- Columns as [name, type, comment] in table order.
-- Parameters: table_name String, xmin UInt64, open_tokens Array(String) (every name of every open writer),
-- target String, reader String (ClickHouse table names).
SELECT
  toString(max(safe_mark)) AS safe_mark,
  toString(max(watermark_to)) AS high_mark,
  toString(maxIf(watermark_to, snapshot_xmax <= {xmin:UInt64} AND NOT hasAny(open_writers, {open_tokens:Array(String)}))) AS releasable,
  count() AS runs,
  toString(max(newest_at)) AS newest_at,
  (
    SELECT groupArray([name, type, comment]) FROM (
      SELECT name, type, comment FROM system.columns
      WHERE database = currentDatabase() AND table = {target:String} ORDER BY position
    )
  ) AS target_columns,
  (
    SELECT groupArray([name, type, comment]) FROM (
      SELECT name, type, comment FROM system.columns
      WHERE database = currentDatabase() AND table = {reader:String} ORDER BY position
    )
  ) AS reader_columns
FROM sync_state
WHERE table_name = {table_name:String}
