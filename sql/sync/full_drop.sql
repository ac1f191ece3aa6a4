-- Full reload, step "drop": removes the old copy (now named like the staging table). Rendered: staging.
-- No parameters.
DROP TABLE IF EXISTS {{staging}}
