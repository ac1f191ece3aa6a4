-- Where the source stands, read in one statement: the xmin of the current snapshot (every transaction
-- below it has ended) and the highest visible clicks id. No parameters.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, coalesce(max(id), 0)::text AS max_id
FROM clicks
