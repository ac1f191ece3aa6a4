-- Full reload, step "prepare": an empty staging copy with the table's current columns (from the registry and the
-- source's catalog, not copied from the live table, so a column added in PostgreSQL appears at the next reload).
-- Rendered: staging (table), column_definitions, order_by. No parameters.
CREATE OR REPLACE TABLE {{staging}} (
{{column_definitions}}
) ENGINE = MergeTree
ORDER BY {{order_by}}
