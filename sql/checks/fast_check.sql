-- The original README's check (sql/checks/original_check.sql), computed without its join of every impression with
-- every click of a campaign: the same four figures, proven equal by tests/integration/checkQuery.test.ts. A campaign
-- counts when it has an advertiser, an impression and a click (the original's inner joins); its advertiser, its
-- impressions and its clicks are counted once each (COUNT(DISTINCT) is uniqExact). Events come from the live views.
-- No parameters.
WITH counted AS (
  SELECT ca.id AS campaign_id, a.id AS advertiser_id
  FROM campaign AS ca
  INNER JOIN advertiser AS a ON a.id = ca.advertiser_id
  WHERE ca.id IN (SELECT campaign_id FROM impressions) AND ca.id IN (SELECT campaign_id FROM clicks)
)
SELECT
  (SELECT uniqExact(campaign_id) FROM counted),
  (SELECT uniqExact(advertiser_id) FROM counted),
  (SELECT uniqExact(id) FROM impressions WHERE campaign_id IN (SELECT campaign_id FROM counted)),
  (SELECT uniqExact(id) FROM clicks WHERE campaign_id IN (SELECT campaign_id FROM counted))
