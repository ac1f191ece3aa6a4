-- Appends one backfill event (see sql/clickhouse/0040_backfill_state.sql). Parameters: table_name, backfill_id, event
-- String; id_from, id_to Int64; range_ids UInt64; safe_mark Int64; rows UInt64; run_id String.
INSERT INTO backfill_state (table_name, backfill_id, event, id_from, id_to, range_ids, safe_mark, rows, run_id, recorded_at)
SELECT
  {table_name:String}, {backfill_id:String}, {event:String}, {id_from:Int64}, {id_to:Int64}, {range_ids:UInt64},
  {safe_mark:Int64}, {rows:UInt64}, {run_id:String}, now64(3, 'UTC')
