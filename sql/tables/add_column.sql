-- Adds a column that appeared in the source to the ClickHouse copy (rows copied earlier hold its default until
-- re-copied, see README "Schema changes"). Idempotent. Rendered: target, column, type. No parameters.
ALTER TABLE {{target}} ADD COLUMN IF NOT EXISTS {{column}} {{type}}
