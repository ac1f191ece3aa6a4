-- Which ClickHouse schema migrations this database has applied (one row per version). No parameters.
CREATE TABLE IF NOT EXISTS schema_migrations (
  version String,
  applied_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY version
