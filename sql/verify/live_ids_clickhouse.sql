-- Verify: the ids of the live parent rows in ClickHouse's copy (e.g. the campaigns an impression counts through).
-- Rendered: target, id. No parameters.
SELECT groupArray(toString({{id}})) AS ids FROM {{target}}
