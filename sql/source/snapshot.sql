-- Where one incremental source table stands, read in one statement: the xmin of the current snapshot, the lowest and
-- highest visible ids, the table's columns, and the transactions that may still add ids at or below max_id. Those
-- hold RowExclusiveLock on the table or on a sequence its id column draws from (the owned sequence, or one its
-- default calls): INSERT and nextval() take that lock and keep it until their transaction ends, prepared ones
-- included. Each writer is named by its transaction id ('x' || xid, stable across a restart of PostgreSQL, which a
-- prepared transaction survives) or, before it has one, by its virtual transaction id ('v' || vxid); open_tokens
-- lists both names of every writer (and the bare vxid earlier releases recorded), to compare recorded writers with.
-- The locks are read after the snapshot is taken. in_recovery: true on a standby, whose pg_locks does not show the
-- primary's writers (pg2ch must coordinate on the primary).
-- Rendered: table (schema-qualified), id (the cursor column), columns_query (sql/source/table_columns.sql).
-- Parameters: $1 schema, $2 table, $3 id column.
WITH relation AS (
  SELECT c.oid, (SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = $3) AS id_attnum
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2
),
sources AS (
  SELECT oid FROM relation
  UNION
  SELECT pg_get_serial_sequence(format('%I.%I', $1::text, $2::text), $3::text)::regclass::oid
  UNION
  SELECT d.refobjid
  FROM pg_depend d JOIN pg_attrdef ad ON ad.oid = d.objid, relation r
  WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
    AND ad.adrelid = r.oid AND ad.adnum = r.id_attnum
),
writers AS (
  SELECT DISTINCT l.virtualtransaction AS vxid
  FROM pg_locks l
  WHERE l.locktype = 'relation'
    AND l.mode = 'RowExclusiveLock'
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.relation IN (SELECT oid FROM sources WHERE oid IS NOT NULL)
),
named AS (
  SELECT w.vxid, (SELECT min(x.transactionid::text) FROM pg_locks x
                  WHERE x.locktype = 'transactionid' AND x.virtualtransaction = w.vxid AND x.granted) AS xid
  FROM writers w
)
SELECT
  pg_is_in_recovery() AS in_recovery,
  pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,
  (SELECT max({{id}}) FROM {{table}})::text AS max_id,
  (SELECT min({{id}}) FROM {{table}})::text AS min_id,
  ARRAY(SELECT coalesce('x' || xid, 'v' || vxid) FROM named ORDER BY 1) AS writers,
  ARRAY(
    SELECT token FROM named, LATERAL (VALUES ('v' || vxid), ('x' || xid), (vxid)) AS t(token)
    WHERE token IS NOT NULL ORDER BY 1
  ) AS open_tokens,
  (SELECT coalesce(json_agg(c), '[]'::json) FROM ({{columns_query}}) c) AS columns
