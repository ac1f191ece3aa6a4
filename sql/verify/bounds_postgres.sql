-- Verify: the lowest id of one source table (ids at or below 0 are compared too). Rendered: table, id. No parameters.
SELECT min({{id}})::text AS min_id FROM {{table}}
