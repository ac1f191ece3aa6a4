-- Quarantines the rows of one incremental window that hold a value ClickHouse cannot store exactly (the same checks
-- the copy makes), with every value as text and the reason, skipping rows already copied or quarantined.
-- Rendered: target, reader, rejected (tables), id, read_columns, raw_values (map arguments 'name', text, ...),
-- invalid (true for a row that does not fit), reason (text naming the offending columns).
-- Parameters: watermark_from Int64 (exclusive), watermark_to Int64 (inclusive), run_id String.
INSERT INTO {{rejected}} (id, raw_values, reason, run_id, rejected_at)
SELECT {{id}}, map({{raw_values}}), {{reason}}, {run_id:String}, now64(3, 'UTC')
FROM (
  SELECT {{read_columns}}
  FROM {{reader}}
  WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}
)
WHERE ({{invalid}})
  AND {{id}} NOT IN (
    SELECT {{id}} FROM {{target}} WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}
  )
  AND {{id}} NOT IN (
    SELECT id FROM {{rejected}} WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
  )
