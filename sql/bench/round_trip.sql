-- Benchmark (ClickHouse): the cheapest query, to show the fixed cost of one request (HTTP, parsing, session)
-- under the KPI latencies. No parameters.
SELECT 1 AS one
