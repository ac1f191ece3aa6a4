-- Doctor: ClickHouse connects to PostgreSQL through the database's named collection and reads one source table's
-- columns (no rows). Rendered: collection (identifier), pg_schema, pg_table (string literals). No parameters.
DESCRIBE TABLE postgresql({{collection}}, schema = {{pg_schema}}, table = {{pg_table}})
