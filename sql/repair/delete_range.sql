-- Repair: removes one table's copied rows with id in (id_from, id_to] (a lightweight delete, visible at once), before
-- the range is copied again from PostgreSQL; run under the table's run lock. Rendered: target, id. Parameters:
-- id_from Int64 (exclusive), id_to Int64 (inclusive).
DELETE FROM {{target}} WHERE {{id}} > {id_from:Int64} AND {{id}} <= {id_to:Int64}
