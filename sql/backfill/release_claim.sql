-- Releases a range claim taken by try_claim.sql. Parameters: $1 backfill name, $2 range index (int).
SELECT pg_advisory_unlock(hashtext($1), $2) AS released
