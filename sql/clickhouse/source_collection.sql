-- The named collection pg2ch_source: how ClickHouse reaches PostgreSQL (PG_URL_FOR_CLICKHOUSE), so no
-- credential appears in sync SQL or query logs. ClickHouse binds no parameters in this DDL: lib/migrate/namedCollection.ts
-- fills the {{...}} slots with quoted literals. Created once, then kept current with ALTER.
CREATE NAMED COLLECTION IF NOT EXISTS pg2ch_source AS
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}};

ALTER NAMED COLLECTION pg2ch_source SET
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}};
