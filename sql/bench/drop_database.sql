-- Benchmark (ClickHouse): drops one benchmark database now (SYNC: its data is freed before the next
-- measurement). Parameters: database Identifier (always a generated bench_<uuid> name).
DROP DATABASE IF EXISTS {database:Identifier} SYNC
