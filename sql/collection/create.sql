-- Creates the named collection of pg2ch's database (pg2ch_source_<database>): how ClickHouse reaches PostgreSQL
-- (PG_URL_FOR_CLICKHOUSE), so no credential appears in sync SQL or query logs. ClickHouse binds no parameters in this
-- DDL: lib/migrate/namedCollection.ts fills the {{...}} slots with escaped literals (and the quoted name) and sends
-- this as one statement (never through the statement splitter), only when the collection does not exist. Never log
-- it: it holds the password.
CREATE NAMED COLLECTION IF NOT EXISTS {{collection}} AS
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}}
