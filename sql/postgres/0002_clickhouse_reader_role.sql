-- Read-only role ClickHouse connects with: SELECT on the four source tables only, session time zone UTC
-- (the postgresql() table function reads timestamps as text in the session's zone).
-- The role is created without a password (NOLOGIN); the operator sets one to enable it:
--   ALTER ROLE pg2ch_reader WITH LOGIN PASSWORD '...';
-- Idempotent.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg2ch_reader') THEN
    CREATE ROLE pg2ch_reader NOLOGIN;
  END IF;
END
$$;

ALTER ROLE pg2ch_reader SET timezone = 'UTC';
ALTER ROLE pg2ch_reader SET default_transaction_read_only = on;
GRANT USAGE ON SCHEMA public TO pg2ch_reader;
GRANT SELECT ON advertiser, campaign, impressions, clicks TO pg2ch_reader;
