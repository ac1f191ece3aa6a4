-- Local stack only: lets ClickHouse log in as the read-only role pg2ch_reader (created by sql/postgres/0002) with the
-- stack's fixed loopback password, and read every table of the local database (pg_read_all_data, PostgreSQL 14+), so a
-- table added with `npm run add-table` needs no GRANT here. A production reader gets SELECT on its tables only (README,
-- "Use your own servers"). PostgreSQL binds no parameters in ALTER ROLE, so the password is a literal. No parameters.
ALTER ROLE pg2ch_reader WITH LOGIN PASSWORD 'pg2ch-reader-local';
GRANT pg_read_all_data TO pg2ch_reader;
