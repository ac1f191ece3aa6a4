-- Creates the same number of impressions for each campaign, each at a random moment (day, hour, minute, second)
-- of the past 7 days. Parameters: $1 int[] campaign ids, $2 int impressions per campaign.
INSERT INTO impressions (campaign_id, created_at)
SELECT campaign.id, now() - random() * interval '7 days'
FROM unnest($1::int[]) AS campaign (id)
CROSS JOIN generate_series(1, $2::int)
