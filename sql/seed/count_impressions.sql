-- Counts one campaign's impressions (0 rows when the campaign does not exist). Parameters: $1 int campaign id.
SELECT count(impressions.id)::int AS count
FROM campaign
LEFT JOIN impressions ON impressions.campaign_id = campaign.id
WHERE campaign.id = $1
GROUP BY campaign.id
