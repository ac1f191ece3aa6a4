-- The lowest id above a given one (a sequence jump or a long run of deleted ids is crossed in one step instead of
-- many empty windows); NULL when there is none. Rendered: table (schema-qualified), id. Parameters: $1 bigint.
SELECT (SELECT min({{id}}) FROM {{table}} WHERE {{id}} > $1::bigint)::text AS next_id
