-- After a run's copy, in one query: rows of one incremental table present in ClickHouse above the window's start
-- (the run counted the same before, in sql/state/read_state.sql, so the difference is what it copied), the newest
-- freshness value among the window's last 10,000 ids (NULL without a freshness column), and rows
-- quarantined there (counted only when the copy refused rows; 0 otherwise, and the run keeps its earlier count).
-- Rendered: target (table), id, newest (a scalar subquery or NULL), rejected (a scalar subquery or 0). Parameters:
-- watermark_from Int64 (exclusive), watermark_to Int64 (inclusive, for newest only).
SELECT
  count() AS rows,
  {{newest}} AS newest_at,
  {{rejected}} AS rejected
FROM {{target}}
WHERE {{id}} > {watermark_from:Int64}
