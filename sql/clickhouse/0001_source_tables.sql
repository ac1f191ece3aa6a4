-- Storage for the four source tables. Types keep values exact: Decimal for money, DateTime64(6, 'UTC')
-- for PostgreSQL `timestamp` (microseconds), Date32 for `date`, Nullable exactly where the source column is.
-- advertiser and campaign are replaced whole on every sync (staging table + EXCHANGE TABLES);
-- impressions_raw and clicks_raw are append-only, keyed by id so the sync can find ids already present
-- in a window cheaply. Readers use the views `impressions` / `clicks` (0002), never the *_raw tables.
CREATE TABLE IF NOT EXISTS advertiser (
  id Int32,
  name String,
  updated_at Nullable(DateTime64(6, 'UTC')),
  created_at Nullable(DateTime64(6, 'UTC'))
) ENGINE = MergeTree
ORDER BY id;

CREATE TABLE IF NOT EXISTS campaign (
  id Int32,
  name String,
  bid Decimal(10, 2),
  budget Decimal(10, 2),
  start_date Nullable(Date32),
  end_date Nullable(Date32),
  advertiser_id Nullable(Int32),
  updated_at Nullable(DateTime64(6, 'UTC')),
  created_at Nullable(DateTime64(6, 'UTC'))
) ENGINE = MergeTree
ORDER BY id;

CREATE TABLE IF NOT EXISTS impressions_raw (
  id Int32,
  campaign_id Nullable(Int32),
  created_at Nullable(DateTime64(6, 'UTC'))
) ENGINE = MergeTree
PARTITION BY toYYYYMM(assumeNotNull(created_at))
ORDER BY id;

CREATE TABLE IF NOT EXISTS clicks_raw (
  id Int32,
  campaign_id Nullable(Int32),
  created_at Nullable(DateTime64(6, 'UTC'))
) ENGINE = MergeTree
PARTITION BY toYYYYMM(assumeNotNull(created_at))
ORDER BY id;
