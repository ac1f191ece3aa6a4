-- Rows in the advertiser copy just swapped in. No parameters.
SELECT count() AS rows FROM advertiser
