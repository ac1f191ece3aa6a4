-- Benchmark (PostgreSQL): the newest campaign, which receives the benchmark's extra impressions. No parameters.
SELECT coalesce(max(id), 0)::int AS id FROM campaign
