-- Per synced table, the time up to which ClickHouse holds every row committed in PostgreSQL: the start of the
-- latest run marked complete (it read everything committed before it started; see migration 0011). A table
-- without such a run is absent. Parameters: none.
SELECT
  table_name,
  toString(max(finished_at - toIntervalMillisecond(duration_ms))) AS complete_through
FROM sync_state
WHERE complete = 1
GROUP BY table_name
ORDER BY table_name
