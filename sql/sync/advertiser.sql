-- Full reload of advertiser: load a staging copy, then swap it in atomically so readers never see an
-- empty or half-loaded table. Statements run in order; each ends with a semicolon on its line.
CREATE OR REPLACE TABLE advertiser_staging AS advertiser;

INSERT INTO advertiser_staging (id, name, updated_at, created_at)
SELECT id, name, updated_at, created_at
FROM postgresql(pg2ch_source, table = 'advertiser');

EXCHANGE TABLES advertiser AND advertiser_staging;

DROP TABLE IF EXISTS advertiser_staging;
