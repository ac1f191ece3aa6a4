-- Rows in the campaign copy just swapped in. No parameters.
SELECT count() AS rows FROM campaign
