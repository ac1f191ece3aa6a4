-- Copies the rows of one incremental table with id in (watermark_from, watermark_to] through its reader table,
-- skipping ids already copied or quarantined in that window, so a re-run or a run after a crash never doubles a
-- row. The id range is a bare comparison inside the read, so PostgreSQL's COPY carries it. A value that does not
-- fit its column fails the statement (the sync then quarantines the row and copies the rest).
-- Rendered: target, reader, rejected (tables), id (cursor column), columns (copied columns, target order),
-- values (their conversions), read_columns (the reader columns they need).
-- Parameters: watermark_from Int64 (exclusive), watermark_to Int64 (inclusive).
INSERT INTO {{target}} ({{columns}})
SELECT {{values}}
FROM (
  SELECT {{read_columns}}
  FROM {{reader}}
  WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}
)
WHERE {{id}} NOT IN (
    SELECT {{id}} FROM {{target}} WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}
  )
  AND {{id}} NOT IN (
    SELECT id FROM {{rejected}} WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
  )
