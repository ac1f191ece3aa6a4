-- Doctor: ClickHouse connects to PostgreSQL through the pg2ch_source named collection and reads one source table's
-- columns (no rows). Rendered: pg_schema, pg_table (string literals). No parameters.
DESCRIBE TABLE postgresql(pg2ch_source, schema = {{pg_schema}}, table = {{pg_table}})
