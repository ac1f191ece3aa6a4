-- After a run's copy: rows of one incremental table present in ClickHouse above the window's start and rows quarantined
-- there (the run counted the same before, in sql/state/read_state.sql, so the difference is what it copied), and the
-- newest freshness value among the window's last 10,000 ids (NULL without a freshness column).
-- Rendered: target, rejected (tables), id, newest (a scalar subquery or NULL). Parameters: watermark_from Int64
-- (exclusive), watermark_to Int64 (inclusive, for newest only).
SELECT
  (SELECT count() FROM {{target}} WHERE {{id}} > {watermark_from:Int64}) AS rows,
  (SELECT uniqExact(id) FROM {{rejected}} WHERE id > {watermark_from:Int64}) AS rejected,
  {{newest}} AS newest_at
