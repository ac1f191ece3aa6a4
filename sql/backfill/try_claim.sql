-- Claims one range of a backfill for this session without waiting (a session-level advisory lock on the pair
-- (backfill, range index)); true when this session holds it. Two invocations never copy the same range at once;
-- a crashed one's claims go with its connection. Parameters: $1 backfill name, $2 range index (int).
SELECT pg_try_advisory_lock(hashtext($1), $2) AS claimed
