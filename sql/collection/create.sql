-- Creates the named collection pg2ch_source: how ClickHouse reaches PostgreSQL (PG_URL_FOR_CLICKHOUSE), so no
-- credential appears in sync SQL or query logs. ClickHouse binds no parameters in this DDL: lib/migrate/namedCollection.ts
-- fills the {{...}} slots with escaped literals and sends this as one statement (never through the statement
-- splitter), only when the collection does not exist. Never log it: it holds the password.
CREATE NAMED COLLECTION IF NOT EXISTS pg2ch_source AS
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}}
