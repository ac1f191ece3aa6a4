-- Quarantines the rows of one incremental table in the given id ranges that hold a value ClickHouse cannot store
-- exactly (the same checks the copy makes), with every value as text and the reason, skipping rows already copied or
-- quarantined. Rendered: target, reader, rejected (tables), id, read_columns, raw_values (map arguments 'name', text,
-- ...), invalid (true for a row that does not fit), reason (text naming the offending columns), source_window and
-- rejected_window (as in insert_window.sql). Parameters: from_k Int64, to_k Int64 (k = 0 ..), run_id String.
INSERT INTO {{rejected}} (id, raw_values, reason, run_id, rejected_at)
SELECT {{id}}, map({{raw_values}}), {{reason}}, {run_id:String}, now64(3, 'UTC')
FROM (
  SELECT {{read_columns}}
  FROM {{reader}}
  WHERE {{source_window}}
)
WHERE ({{invalid}})
  AND {{id}} NOT IN (
    SELECT {{id}} FROM {{target}} WHERE {{source_window}}
  )
  AND {{id}} NOT IN (
    SELECT id FROM {{rejected}} WHERE {{rejected_window}}
  )
