-- Benchmark (PostgreSQL): the server version, for the machine description. No parameters.
SELECT current_setting('server_version') AS version
