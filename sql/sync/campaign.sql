-- Full reload of campaign: load a staging copy, then swap it in atomically so readers never see an
-- empty or half-loaded table; deleted campaigns disappear, and with them their events from the
-- impressions/clicks views. Statements run in order; each ends with a semicolon on its line.
CREATE OR REPLACE TABLE campaign_staging AS campaign;

INSERT INTO campaign_staging (
  id, name, bid, budget, start_date, end_date, advertiser_id, updated_at, created_at
)
SELECT id, name, bid, budget, start_date, end_date, advertiser_id, updated_at, created_at
FROM postgresql(pg2ch_source, table = 'campaign');

EXCHANGE TABLES campaign AND campaign_staging;

DROP TABLE IF EXISTS campaign_staging;
