-- Verify: the highest id to compare per table. Incremental tables: the safe mark (every id at or below it
-- is final in PostgreSQL and was read after that; rows above it may still be in flight). Full tables: the
-- highest id of the last full load (rows added to PostgreSQL since then arrive with the next load).
-- An empty history or table gives 0. No parameters.
SELECT
  toString((SELECT max(safe_mark) FROM sync_state WHERE table_name = 'impressions')) AS impressions,
  toString((SELECT max(safe_mark) FROM sync_state WHERE table_name = 'clicks')) AS clicks,
  toString((SELECT max(id) FROM advertiser)) AS advertiser,
  toString((SELECT max(id) FROM campaign)) AS campaign
