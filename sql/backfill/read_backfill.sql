-- The open backfill of one table, if any (the newest plan without a handover or abandon): its plan and the ranges
-- recorded as copied (each (from, to]), with the rows they added; no row when none is open.
-- Parameters: table_name String.
SELECT
  backfill_id,
  toString(argMinIf(id_from, recorded_at, event = 'plan')) AS plan_from,
  toString(argMinIf(id_to, recorded_at, event = 'plan')) AS plan_to,
  toString(argMinIf(range_ids, recorded_at, event = 'plan')) AS plan_range_ids,
  arrayDistinct(groupArrayIf((toString(id_from), toString(id_to)), event = 'range')) AS done,
  toString(sumIf(rows, event = 'range')) AS rows
FROM backfill_state
WHERE table_name = {table_name:String}
GROUP BY backfill_id
HAVING countIf(event = 'plan') > 0 AND countIf(event IN ('handover', 'abandon')) = 0
ORDER BY max(recorded_at) DESC
LIMIT 1
