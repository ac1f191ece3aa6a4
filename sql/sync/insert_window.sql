-- Copies the rows of one incremental table with an id in the given ranges (each (from_k, to_k]) through its reader
-- table, skipping ids already copied or quarantined there, so a re-run or a run after a crash never doubles a row.
-- The ranges are bare comparisons OR-ed inside the read, so PostgreSQL's COPY carries them (one index range scan
-- each). A value that does not fit its column fails the statement (the sync then quarantines the row, copies the rest).
-- Rendered: target, reader, rejected (tables), id (cursor column), columns (copied columns, target order), values
-- (their conversions), read_columns (the reader columns they need), source_window and rejected_window (the ranges as
-- `(id > from_k AND id <= to_k) OR ...`, bound as Int64 parameters, over the id column and the quarantine's id).
-- Parameters: from_k Int64 (exclusive), to_k Int64 (inclusive), k = 0 .. number of ranges - 1.
INSERT INTO {{target}} ({{columns}})
SELECT {{values}}
FROM (
  SELECT {{read_columns}}
  FROM {{reader}}
  WHERE {{source_window}}
)
WHERE {{id}} NOT IN (
    SELECT {{id}} FROM {{target}} WHERE {{source_window}}
  )
  AND {{id}} NOT IN (
    SELECT id FROM {{rejected}} WHERE {{rejected_window}}
  )
