-- What an operator looks at first, per table (`npm run status`, and the freshness a failed run still publishes):
-- the last committed run (sync_state: every row is a successful run, idle ones included), the newest freshness value
-- copied, the start of the last run that read everything committed before it (complete = 1), and the last failure
-- (sync_failures, migration 0030) with the number of failures since the last success, and the table's open backfill
-- (backfill_state, migration 0040: ranges recorded of those planned, and when it last recorded one; while it is open
-- the scheduled sync skips the table). Times in UTC; now is the ClickHouse server's clock, the same clock that stamped
-- finished_at, failed_at and recorded_at. A table never synced reads NULLs.
-- Parameters: tables Array(String) (registry keys).
WITH
  runs AS (
    SELECT
      table_name,
      max(finished_at) AS last_success_at,
      argMax(rows, finished_at) AS last_rows,
      argMax(rows_rejected, finished_at) AS last_rows_rejected,
      sum(rows_rejected) AS total_rows_rejected,
      argMax(source_max_id, finished_at) AS last_source_max_id,
      argMax(watermark_to, finished_at) AS last_watermark_to,
      max(newest_at) AS max_newest_at,
      maxIf(finished_at - toIntervalMillisecond(duration_ms), complete = 1) AS complete_through,
      countIf(complete = 1) AS complete_runs
    FROM sync_state
    WHERE table_name IN {tables:Array(String)}
    GROUP BY table_name
  ),
  failures AS (
    SELECT
      f.table_name AS table_name,
      max(f.failed_at) AS last_failed_at,
      argMax(f.step, f.failed_at) AS last_failed_step,
      argMax(f.error, f.failed_at) AS last_error,
      countIf(r.last_success_at IS NULL OR f.failed_at > r.last_success_at) AS failures_since_success
    FROM sync_failures AS f
    LEFT JOIN runs AS r ON r.table_name = f.table_name
    WHERE f.table_name IN {tables:Array(String)}
    GROUP BY f.table_name
  ),
  open_backfills AS (
    SELECT
      table_name,
      toInt64(argMinIf(id_to, recorded_at, event = 'plan') - argMinIf(id_from, recorded_at, event = 'plan')) AS ids,
      toInt64(argMinIf(range_ids, recorded_at, event = 'plan')) AS range_ids,
      uniqExactIf((id_from, id_to), event = 'range') AS ranges_done,
      max(recorded_at) AS last_recorded_at
    FROM backfill_state
    WHERE table_name IN {tables:Array(String)}
    GROUP BY table_name, backfill_id
    HAVING countIf(event = 'plan') > 0 AND countIf(event IN ('handover', 'abandon')) = 0
  ),
  backfills AS (
    SELECT
      table_name,
      argMax(ranges_done, last_recorded_at) AS ranges_done,
      argMax(intDiv(ids + range_ids - 1, range_ids), last_recorded_at) AS ranges_total,
      max(last_recorded_at) AS progress_at
    FROM open_backfills
    GROUP BY table_name
  )
SELECT
  t.table_name AS table_name,
  toString(runs.last_success_at) AS last_success_at,
  toString(runs.last_rows) AS rows,
  toString(runs.last_rows_rejected) AS last_rows_rejected,
  toString(runs.total_rows_rejected) AS total_rows_rejected,
  toString(runs.last_source_max_id) AS source_max_id,
  toString(runs.last_watermark_to) AS watermark_to,
  toString(runs.max_newest_at) AS newest_at,
  if(runs.complete_runs > 0, toString(runs.complete_through), NULL) AS complete_through,
  toString(failures.last_failed_at) AS last_failed_at,
  failures.last_failed_step AS last_failed_step,
  failures.last_error AS last_error,
  toString(ifNull(failures.failures_since_success, 0)) AS failures_since_success,
  toString(backfills.ranges_done) AS backfill_ranges_done,
  toString(backfills.ranges_total) AS backfill_ranges_total,
  toString(backfills.progress_at) AS backfill_progress_at,
  toString(now64(3, 'UTC')) AS now
FROM (SELECT arrayJoin({tables:Array(String)}) AS table_name) AS t
LEFT JOIN runs ON runs.table_name = t.table_name
LEFT JOIN failures ON failures.table_name = t.table_name
LEFT JOIN backfills ON backfills.table_name = t.table_name
ORDER BY indexOf({tables:Array(String)}, t.table_name)
SETTINGS join_use_nulls = 1
