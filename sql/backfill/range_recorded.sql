-- True when one range of a backfill is already recorded as copied (checked after claiming it: another invocation may
-- have copied it since this one listed the remaining ranges). Parameters: table_name, backfill_id String; id_from,
-- id_to Int64.
SELECT count() > 0 AS recorded
FROM backfill_state
WHERE table_name = {table_name:String} AND backfill_id = {backfill_id:String} AND event = 'range'
  AND id_from = {id_from:Int64} AND id_to = {id_to:Int64}
