-- Points the existing named collection of pg2ch's database at PG_URL_FOR_CLICKHOUSE. Filled like create.sql and sent
-- as one statement, only when a value changed since migrate last set it (see collection/read_fingerprint.sql). Never
-- log it.
ALTER NAMED COLLECTION {{collection}} SET
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}}
