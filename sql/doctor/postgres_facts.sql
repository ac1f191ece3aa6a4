-- Doctor: facts about the PostgreSQL server and the connected role: major version, standby or not, the role's
-- TimeZone and DateStyle for this session (the role's and database's settings applied), whether transactions default to
-- read-only, and the statement timeout. No parameters.
SELECT
  current_setting('server_version_num')::int / 10000 AS major_version,
  current_setting('server_version') AS version,
  pg_is_in_recovery() AS in_recovery,
  current_user AS role_name,
  current_setting('TimeZone') AS time_zone,
  current_setting('DateStyle') AS date_style,
  current_setting('default_transaction_read_only') AS read_only,
  current_setting('statement_timeout') AS statement_timeout
