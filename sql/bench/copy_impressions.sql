-- Benchmark baseline (PostgreSQL): the raw COPY-out of the columns pg2ch syncs, drained by a client. It is the
-- physical limit of any PostgreSQL → ClickHouse pull. No parameters.
COPY (SELECT id, campaign_id, created_at FROM impressions) TO STDOUT
