-- Appends the record of one committed sync run (idle runs included). Runs only after the run's INSERTs succeeded.
-- Rendered: rows and newest_at, either the bound values below or, for an incremental run that copied rows, counted
-- here from the copy (rows above watermark_from less rows_before, the newest freshness value of the window's last
-- ids), so the run need not count first (it counts for its own result at the same time).
-- Parameters: table_name, mode String; watermark_from, watermark_to, safe_mark Int64; source_max_id
-- Nullable(Int64); complete UInt8; newest_at Nullable(String) (DateTime64 text) or rows_before UInt64 (counted
-- form); snapshot_xmax, rows, rows_rejected, duration_ms UInt64; open_writers Array(String);
-- ranges_read Array(Tuple(Int64, Int64)); query_id String.
INSERT INTO sync_state (
  table_name, mode, watermark_from, watermark_to, safe_mark, source_max_id, complete, newest_at, snapshot_xmax, open_writers,
  ranges_read, rows, rows_rejected, duration_ms, query_id, finished_at
)
SELECT
  {table_name:String}, {mode:String}, {watermark_from:Int64}, {watermark_to:Int64}, {safe_mark:Int64},
  {source_max_id:Nullable(Int64)}, {complete:UInt8}, {{newest_at}},
  {snapshot_xmax:UInt64}, {open_writers:Array(String)},
  {ranges_read:Array(Tuple(Int64, Int64))}, {{rows}} AS copied_rows, {rows_rejected:UInt64}, {duration_ms:UInt64},
  {query_id:String}, now64(3, 'UTC')
