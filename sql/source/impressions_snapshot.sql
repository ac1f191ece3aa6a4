-- Where the source stands, read in one statement: the xmin of the current snapshot, the highest visible
-- impressions id, and the transactions that may still add impressions ids below it. Those are the sessions holding
-- RowExclusiveLock on impressions or on its id sequence: INSERT and nextval() take that lock and keep it until
-- their transaction ends, so a transaction that took an id at or below max_id and is still open is listed
-- (as a virtual transaction id: it has one even before it has an xid). Readers (AccessShareLock) are not.
-- The locks are read after the snapshot is taken. in_recovery: true on a standby, whose pg_locks does not show
-- the primary's writers (pg2ch must coordinate on the primary). No parameters.
SELECT
  pg_is_in_recovery() AS in_recovery,
  pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
  (SELECT coalesce(max(id), 0) FROM impressions)::text AS max_id,
  ARRAY(
    SELECT DISTINCT virtualtransaction
    FROM pg_locks
    WHERE locktype = 'relation'
      AND mode = 'RowExclusiveLock'
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND relation IN ('impressions'::regclass, pg_get_serial_sequence('impressions', 'id')::regclass)
    ORDER BY 1
  ) AS writers
