-- The ClickHouse copy of one registry table, created from the source's columns (lib/tables/columnTypes.ts maps the
-- types). Incremental copies are keyed by the id column, so the sync finds ids already present in a window cheaply.
-- Idempotent. Rendered: target (table), column_definitions, order_by. No parameters.
CREATE TABLE IF NOT EXISTS {{target}} (
{{column_definitions}}
) ENGINE = MergeTree
ORDER BY {{order_by}}
