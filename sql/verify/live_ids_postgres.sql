-- Verify: the ids of the live parent rows in PostgreSQL. Rendered: table, id. No parameters.
SELECT coalesce(array_agg({{id}}::text), '{}') AS ids FROM {{table}}
