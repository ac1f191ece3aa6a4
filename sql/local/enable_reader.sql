-- Local stack only: lets ClickHouse log in as the read-only role pg2ch_reader (created by
-- sql/postgres/0002) with the stack's fixed loopback password. PostgreSQL binds no parameters in
-- ALTER ROLE, so the password is a literal here. No parameters.
ALTER ROLE pg2ch_reader WITH LOGIN PASSWORD 'pg2ch-reader-local'
