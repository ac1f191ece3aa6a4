-- Where one incremental table stands in ClickHouse, in one round trip: its marks, the columns its copy and its reader
-- have now, and what the copy holds above the safe mark (counted again after the copy, so a run needs no count before
-- it). safe_mark: every id at or below it is final and present; high_mark: the highest id read so far; releasable: the
-- highest earlier watermark_to that no open transaction can still add an id below (none of the writers that run
-- recorded is open now; rows older than migration 0010 carry a snapshot_xmax instead, released once PostgreSQL's xmin
-- passes it); runs: 0 for a table never synced; newest_at: the newest freshness value recorded. above: the ids copied
-- above the safe mark (`start` for a table never synced) as (count, an order-independent fingerprint: the sum of their
-- hashes), the fingerprint being part of the INSERT's deduplication token; rejected_above: ids quarantined there;
-- epoch: when the table's oldest recorded run finished (NULL before the first one, and again after `npm run resync`
-- cleared its history), also part of the token, so a copy emptied and synced again never repeats an old token;
-- backfill_open: a backfill of the table is open (planned, not yet handed over: the run must not copy, README
-- "Backfill").
-- columns: the copy's and the reader's, as (table, [name, type, comment]) in table order (one scan of system.columns).
-- Rendered: target, rejected (tables), id (the cursor column).
-- Parameters: table_name String, xmin UInt64, open_tokens Array(String) (every name of every open writer),
-- target String, reader String (ClickHouse table names), start Int64 (the safe mark of a table never synced).
WITH (SELECT if(count() = 0, {start:Int64}, max(safe_mark)) FROM sync_state WHERE table_name = {table_name:String}) AS floor
SELECT
  toString(max(safe_mark)) AS safe_mark,
  toString(max(watermark_to)) AS high_mark,
  toString(maxIf(watermark_to, snapshot_xmax <= {xmin:UInt64} AND NOT hasAny(open_writers, {open_tokens:Array(String)}))) AS releasable,
  count() AS runs,
  toString(max(newest_at)) AS newest_at,
  if(count() = 0, NULL, toString(min(finished_at))) AS epoch,
  (
    SELECT groupArray((table, [name, type, comment])) FROM (
      SELECT table, name, type, comment FROM system.columns
      WHERE database = currentDatabase() AND table IN ({target:String}, {reader:String}) ORDER BY table, position
    )
  ) AS columns,
  (SELECT tuple(toString(count()), toString(sum(cityHash64({{id}})))) FROM {{target}} WHERE {{id}} > floor) AS above,
  (SELECT toString(uniqExact(id)) FROM {{rejected}} WHERE id > floor) AS rejected_above,
  (
    SELECT count() > 0 FROM (
      SELECT backfill_id FROM backfill_state WHERE table_name = {table_name:String} GROUP BY backfill_id
      HAVING countIf(event = 'plan') > 0 AND countIf(event IN ('handover', 'abandon')) = 0
    )
  ) AS backfill_open
FROM sync_state
WHERE table_name = {table_name:String}
