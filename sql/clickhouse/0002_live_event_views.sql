-- Query-facing impressions and clicks: only rows whose campaign still exists in the latest campaign load,
-- as in PostgreSQL, where a campaign can only be deleted together with its events. Rows with a NULL
-- campaign_id exist in PostgreSQL too and are kept, so count() here equals PostgreSQL's count().
CREATE VIEW IF NOT EXISTS impressions AS
SELECT id, campaign_id, created_at
FROM impressions_raw
WHERE campaign_id IS NULL OR campaign_id IN (SELECT id FROM campaign);

CREATE VIEW IF NOT EXISTS clicks AS
SELECT id, campaign_id, created_at
FROM clicks_raw
WHERE campaign_id IS NULL OR campaign_id IN (SELECT id FROM campaign);
