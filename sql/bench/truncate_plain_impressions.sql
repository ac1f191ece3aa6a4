-- Benchmark reference (ClickHouse): empties impressions_plain before the next plain INSERT. No parameters.
TRUNCATE TABLE impressions_plain SYNC
