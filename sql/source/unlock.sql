-- Releases the advisory lock taken by try_lock.sql. Parameters: $1 lock name.
SELECT pg_advisory_unlock(hashtext($1)) AS unlocked
