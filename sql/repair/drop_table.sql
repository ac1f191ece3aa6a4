-- Resync with --rebuild: drops one table's copy and quarantine, so `migrate` creates them again from the source's
-- current columns (a type ClickHouse cannot change in place, such as the id column's); materialized views reading the
-- copy attach to the new table by name. Run under the table's run lock. Rendered: target, rejected. No parameters.
DROP TABLE IF EXISTS {{target}};
DROP TABLE IF EXISTS {{rejected}}
