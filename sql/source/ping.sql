-- Reachability check after a failed run: answers when PostgreSQL accepts connections and runs queries.
-- No parameters.
SELECT 1 AS ok
