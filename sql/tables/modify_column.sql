-- Changes the type of one column of the ClickHouse copy: a widening the source made (integer to bigint, a longer
-- numeric), or Nullable for a column the source dropped (rows copied from then on hold NULL there).
-- Rendered: target, column, type. No parameters.
ALTER TABLE {{target}} MODIFY COLUMN {{column}} {{type}}
