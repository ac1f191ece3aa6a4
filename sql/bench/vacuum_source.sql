-- Benchmark (PostgreSQL): brings freshly generated tables to a steady state (hint bits, visibility map,
-- planner statistics), as autovacuum would on a production table. No parameters.
VACUUM (ANALYZE) impressions, clicks, campaign, advertiser
