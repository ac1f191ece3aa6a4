-- The marks the scheduled sync of one table has recorded: its safe mark and high mark (both NULL before its first
-- run), for planning a backfill and handing over to the sync. Parameters: table_name String.
SELECT
  if(count() = 0, NULL, toString(max(safe_mark))) AS safe_mark,
  if(count() = 0, NULL, toString(max(watermark_to))) AS high_mark
FROM sync_state
WHERE table_name = {table_name:String}
