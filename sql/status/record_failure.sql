-- Appends one failed sync run to sync_failures (migration 0030). Written best-effort after the failure.
-- Parameters: table_name, step, error, run_id String; unreachable Array(String); duration_ms UInt64.
INSERT INTO sync_failures (table_name, step, error, unreachable, run_id, duration_ms, failed_at)
SELECT
  {table_name:String}, {step:String}, {error:String}, {unreachable:Array(String)}, {run_id:String},
  {duration_ms:UInt64}, now64(3, 'UTC')
