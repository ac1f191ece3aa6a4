-- Full reload, after a load failed on a value that does not fit: records the source's rows that hold such values
-- (their id, every value as text, the reason), replacing earlier records of the same ids. Rendered: reader,
-- rejected (tables), id (the id column, or 0 for a table without one), read_columns, raw_values, invalid, reason.
-- Parameters: run_id String.
INSERT INTO {{rejected}} (id, raw_values, reason, run_id, rejected_at)
SELECT {{id}}, map({{raw_values}}), {{reason}}, {run_id:String}, now64(3, 'UTC')
FROM (SELECT {{read_columns}} FROM {{reader}})
WHERE {{invalid}}
