-- Which files of sql/postgres/ this database has applied (one row per file name). No parameters. Idempotent.
CREATE TABLE IF NOT EXISTS pg2ch_schema_migrations (
  version text PRIMARY KEY,
  applied_at timestamptz DEFAULT now()
)
