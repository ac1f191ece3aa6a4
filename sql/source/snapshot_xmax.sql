-- The xmax of the current snapshot: every transaction that already has an id is below it. Read after a
-- window's upper id so that every transaction holding an id in the window is covered. No parameters.
SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax
