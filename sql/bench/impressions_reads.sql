-- Benchmark (PostgreSQL): rows read from impressions so far, by sequential scans and by index/bitmap scans.
-- The difference across one sync is what PostgreSQL actually read for it. No parameters.
SELECT coalesce(seq_tup_read, 0)::bigint::text AS seq_tup_read, coalesce(idx_tup_fetch, 0)::bigint::text AS idx_tup_fetch
FROM pg_stat_user_tables
WHERE relname = 'impressions'
