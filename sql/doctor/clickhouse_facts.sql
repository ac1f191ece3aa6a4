-- Doctor: the ClickHouse server's version, the connected user, and whether pg2ch's database and its named collection
-- exist. Parameters: database, collection String.
SELECT
  version() AS version,
  currentUser() AS user_name,
  (SELECT count() FROM system.databases WHERE name = {database:String}) > 0 AS database_exists,
  (SELECT engine FROM system.databases WHERE name = {database:String}) AS database_engine,
  (SELECT count() FROM system.named_collections WHERE name = {collection:String}) > 0 AS collection_exists
