-- The columns of one table of the current database, in order (empty when the table does not exist); for a reader
-- table the comment holds the PostgreSQL type each column was declared for. Parameters: table String.
SELECT name, type, comment
FROM system.columns
WHERE database = currentDatabase() AND table = {table:String}
ORDER BY position
