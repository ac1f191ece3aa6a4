-- Benchmark (ClickHouse): the server version, for the machine description. No parameters.
SELECT version() AS version
