-- Verify: what ClickHouse says about one table's comparable ids: the safe mark (incremental; every id at or below it
-- is final in PostgreSQL and was read after that), the runs recorded, the lowest and highest ids of the copy, and the
-- quarantined ids. Rendered: target, rejected, id. Parameters: table_name String.
SELECT
  toString((SELECT max(safe_mark) FROM sync_state WHERE table_name = {table_name:String})) AS safe_mark,
  toString((SELECT count() FROM sync_state WHERE table_name = {table_name:String})) AS runs,
  toString((SELECT min({{id}}) FROM {{target}})) AS min_id,
  toString((SELECT max({{id}}) FROM {{target}})) AS max_id,
  (SELECT groupUniqArray(toString(id)) FROM {{rejected}}) AS rejected_ids
