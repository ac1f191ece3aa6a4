-- Benchmark reference (ClickHouse): a copy of impressions_raw's structure (same engine, partitioning and order
-- key) with no materialized view on it, for the "plain INSERT" reference. No parameters.
CREATE TABLE IF NOT EXISTS impressions_plain AS impressions_raw
