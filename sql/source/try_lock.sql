-- Takes the session-level advisory lock of one sync table without waiting; true when this session holds it.
-- Released by unlock.sql or when the session ends (a crashed run's connection closes). Parameters: $1 lock name.
SELECT pg_try_advisory_lock(hashtext($1)) AS locked
