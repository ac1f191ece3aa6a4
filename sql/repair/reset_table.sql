-- Resync: empties one table's copy, its quarantine, its sync history and its backfills (an open one is given up:
-- the ranges it recorded are gone), so the next runs copy it again from the lowest id; run under the table's run
-- lock. Rendered: target, rejected. Parameters: table_name String.
TRUNCATE TABLE {{target}};
TRUNCATE TABLE {{rejected}};
DELETE FROM sync_state WHERE table_name = {table_name:String};
DELETE FROM backfill_state WHERE table_name = {table_name:String}
