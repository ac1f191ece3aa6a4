-- Bounds the work ClickHouse does on PostgreSQL as pg2ch_reader: a sync's COPY (or a verify read) that
-- PostgreSQL has not finished within statement_timeout is cancelled there, so the ClickHouse INSERT fails
-- with that error instead of hanging (below the client's 240 s request timeout, see lib/clickhouse.ts);
-- a connection left idle inside a transaction is closed. Idempotent.
ALTER ROLE pg2ch_reader SET statement_timeout = '200s';
ALTER ROLE pg2ch_reader SET idle_in_transaction_session_timeout = '60s';
