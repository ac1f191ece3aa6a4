-- The columns of one source table as PostgreSQL's catalog describes them, in column order: name, type as
-- format_type() prints it (a domain's base type), NOT NULL, enum or not, for arrays the element type, and whether
-- the column belongs to the primary key. No rows: no such table (or no privilege to see it).
-- Parameters: $1 schema, $2 table.
SELECT
  a.attname AS name,
  format_type(coalesce(nullif(t.typbasetype, 0), a.atttypid), CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS type,
  a.attnotnull AS not_null,
  bt.typtype = 'e' AS is_enum,
  CASE WHEN bt.typcategory = 'A' THEN format_type(bt.typelem, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) END AS element_type,
  coalesce(et.typtype = 'e', false) AS element_is_enum,
  coalesce(a.attnum = ANY (pk.indkey), false) AS primary_key
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = coalesce(nullif(t.typbasetype, 0), a.atttypid)
LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
LEFT JOIN pg_index pk ON pk.indrelid = c.oid AND pk.indisprimary
WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
