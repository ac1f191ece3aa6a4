-- Lists the applied migration versions. No parameters.
SELECT version FROM pg2ch_schema_migrations ORDER BY version
