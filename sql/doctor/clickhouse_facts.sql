-- Doctor: the ClickHouse server's version, the connected user, and whether pg2ch's database and its pg2ch_source named
-- collection exist. Parameters: database String.
SELECT
  version() AS version,
  currentUser() AS user_name,
  (SELECT count() FROM system.databases WHERE name = {database:String}) > 0 AS database_exists,
  (SELECT engine FROM system.databases WHERE name = {database:String}) AS database_engine,
  (SELECT count() FROM system.named_collections WHERE name = 'pg2ch_source') > 0 AS collection_exists
