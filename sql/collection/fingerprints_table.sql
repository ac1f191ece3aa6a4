-- What migrate last wrote into the database's named collection, as a salted scrypt fingerprint of its values (never
-- the values): migrate compares it with PG_URL_FOR_CLICKHOUSE's and sends ALTER only when they differ. Append-only;
-- the newest row counts. Lives in pg2ch's database, which needs it before the versioned migrations run. Idempotent.
CREATE TABLE IF NOT EXISTS source_collection_fingerprints (
  fingerprint String,
  salt String,
  changed_at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY changed_at
