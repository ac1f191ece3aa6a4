-- Quarantines one row that fails to copy for a reason the value checks do not foresee (found by splitting its
-- window down to one id), with every value as PostgreSQL's text (read through the all-text reader) and the error.
-- Rendered: rejected, text_reader (tables), id, raw_values. Parameters: id Int64, reason String, run_id String.
INSERT INTO {{rejected}} (id, raw_values, reason, run_id, rejected_at)
SELECT {{id}}, map({{raw_values}}), {reason:String}, {run_id:String}, now64(3, 'UTC')
FROM {{text_reader}}
WHERE {{id}} = {id:Int64}
