-- Full reload, step "load": copies the whole source into the staging table through the reader, leaving out rows
-- already quarantined by this run (none, unless a value did not fit; see full_quarantine.sql). A value that does
-- not fit its column fails the statement. Rendered: staging, reader (tables), columns, values, read_columns,
-- invalid (true for a row that does not fit; `0` when every value fits). No parameters.
INSERT INTO {{staging}} ({{columns}})
SELECT {{values}}
FROM (SELECT {{read_columns}} FROM {{reader}})
WHERE NOT ({{skip_invalid}})
