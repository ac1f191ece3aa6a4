-- The id ranges (from exclusive, to inclusive) each incremental run copied: a gap that two runs read and that stayed
-- empty can only be filled by a writer both of them saw open (lib/sync/holes.ts), so it is not read again until one
-- of those ends. Runs recorded before this migration read []. Idempotent.
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS ranges_read Array(Tuple(Int64, Int64)) AFTER open_writers;
