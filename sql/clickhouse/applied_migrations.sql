-- Versions already applied to this database. No parameters.
SELECT DISTINCT version FROM schema_migrations
