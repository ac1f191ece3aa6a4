-- Waits for the session-level advisory lock that serialises PostgreSQL schema migrations.
-- Released by unlock.sql or when the session ends. No parameters.
SELECT pg_advisory_lock(hashtext('pg2ch_schema_migrations'))
