-- Releases the advisory lock taken by lock.sql. No parameters.
SELECT pg_advisory_unlock(hashtext('pg2ch_schema_migrations'))
