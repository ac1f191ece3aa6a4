-- The id ranges recent runs of one table copied, with the writers each saw open, newest first: only runs whose
-- window ends above the safe mark (older ones cannot tell anything about the ids a wide re-read still lacks).
-- Parameters: table_name String, safe_mark Int64, max_runs UInt32.
SELECT ranges_read, open_writers
FROM sync_state
WHERE table_name = {table_name:String} AND watermark_to > {safe_mark:Int64} AND length(ranges_read) > 0
ORDER BY finished_at DESC
LIMIT {max_runs:UInt32}
