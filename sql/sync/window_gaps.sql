-- Ids missing from one incremental table's copy in (watermark_from, watermark_to], as ranges, lowest first: each
-- row is one gap (gap_from exclusive, gap_to inclusive) between two ids present (copied or quarantined) or a window
-- bound. Lets a wide re-read fetch only the ids ClickHouse lacks. Reads only the id columns of that range.
-- Rendered: target, rejected (tables), id. Parameters: watermark_from Int64 (exclusive), watermark_to Int64
-- (inclusive), max_gaps UInt32 (row limit).
SELECT toString(previous) AS gap_from, toString(id - 1) AS gap_to
FROM (
  SELECT id, lagInFrame(id, 1, {watermark_from:Int64}) OVER (ORDER BY id ASC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS previous
  FROM (
    SELECT DISTINCT id FROM (
      SELECT toInt64({{id}}) AS id FROM {{target}} WHERE {{id}} > {watermark_from:Int64} AND {{id}} <= {watermark_to:Int64}
      UNION ALL
      SELECT id FROM {{rejected}} WHERE id > {watermark_from:Int64} AND id <= {watermark_to:Int64}
      UNION ALL
      SELECT {watermark_to:Int64} + 1
    )
  )
)
WHERE id - previous > 1
ORDER BY id
LIMIT {max_gaps:UInt32}
