-- Current marks of one incremental table. safe_mark: every id at or below it is final and present;
-- high_mark: the highest id read so far; releasable: the highest earlier watermark_to that no open
-- transaction can still add an id below: none of the writers that run saw (open_writers) is among the
-- current ones, and (rows written before migration 0010, which carry a snapshot_xmax instead) PostgreSQL's
-- current xmin has passed its snapshot_xmax. An empty history yields zeros.
-- Parameters: table_name String, xmin UInt64, writers Array(String) (virtual transaction ids open now).
SELECT
  toString(max(safe_mark)) AS safe_mark,
  toString(max(watermark_to)) AS high_mark,
  toString(maxIf(watermark_to, snapshot_xmax <= {xmin:UInt64} AND NOT hasAny(open_writers, {writers:Array(String)}))) AS releasable
FROM sync_state
WHERE table_name = {table_name:String}
