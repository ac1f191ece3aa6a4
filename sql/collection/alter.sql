-- Points the existing named collection pg2ch_source at PG_URL_FOR_CLICKHOUSE. Filled like create.sql and sent as one
-- statement, only when a value changed since migrate last set it (see collection/read_fingerprint.sql). Never log it.
ALTER NAMED COLLECTION pg2ch_source SET
  host = {{host}}, port = {{port}}, user = {{user}}, password = {{password}}, database = {{database}}
