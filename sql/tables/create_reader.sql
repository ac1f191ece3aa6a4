-- The reader of one registry table: a PostgreSQL-engine table over the source, through the named collection of
-- pg2ch's database (no credential in SQL). Dates, timestamps and numerics are declared String, so ClickHouse hands over
-- PostgreSQL's exact text and the copy converts it strictly; each column's comment is the PostgreSQL type it was
-- declared for (a later change of type is noticed). Holds no data; replaced whenever the source's columns change.
-- Rendered: reader (table), column_definitions, collection (identifier), pg_schema, pg_table (string literals).
-- No parameters.
CREATE OR REPLACE TABLE {{reader}} (
{{column_definitions}}
) ENGINE = PostgreSQL({{collection}}, schema = {{pg_schema}}, table = {{pg_table}})
