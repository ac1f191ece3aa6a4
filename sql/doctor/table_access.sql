-- Doctor: whether one source table exists and the connected role may read it. Parameters: $1 schema, $2 table.
SELECT
  to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS found,
  CASE WHEN to_regclass(format('%I.%I', $1::text, $2::text)) IS NULL THEN false
       ELSE has_table_privilege(format('%I.%I', $1::text, $2::text), 'SELECT') END AS can_select,
  has_schema_privilege($1::text, 'USAGE') AS schema_usage
