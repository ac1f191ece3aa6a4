-- Appends the record of one committed sync run. Runs only after the run's INSERT succeeded.
-- Parameters: table_name, mode String; watermark_from, watermark_to, safe_mark Int64; snapshot_xmax, rows,
-- duration_ms UInt64; open_writers Array(String); query_id String.
INSERT INTO sync_state (
  table_name, mode, watermark_from, watermark_to, safe_mark, snapshot_xmax, open_writers, rows, duration_ms,
  query_id, finished_at
)
SELECT
  {table_name:String}, {mode:String}, {watermark_from:Int64}, {watermark_to:Int64}, {safe_mark:Int64},
  {snapshot_xmax:UInt64}, {open_writers:Array(String)}, {rows:UInt64}, {duration_ms:UInt64}, {query_id:String},
  now64(3, 'UTC')
