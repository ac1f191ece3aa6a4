-- Current marks of one incremental table. safe_mark: every id at or below it is final and present;
-- high_mark: the highest id read so far; releasable: the highest earlier watermark_to whose snapshot_xmax
-- is at or below PostgreSQL's current xmin, i.e. every transaction that could still add an id below it has ended.
-- An empty history yields zeros. Parameters: table_name String, xmin UInt64.
SELECT
  toString(max(safe_mark)) AS safe_mark,
  toString(max(watermark_to)) AS high_mark,
  toString(maxIf(watermark_to, snapshot_xmax <= {xmin:UInt64})) AS releasable
FROM sync_state
WHERE table_name = {table_name:String}
