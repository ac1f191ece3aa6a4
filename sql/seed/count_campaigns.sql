-- Counts one advertiser's campaigns (0 rows when the advertiser does not exist), so that new campaign names
-- continue its numbering. Parameters: $1 int advertiser id.
SELECT count(campaign.id)::int AS count
FROM advertiser
LEFT JOIN campaign ON campaign.advertiser_id = advertiser.id
WHERE advertiser.id = $1
GROUP BY advertiser.id
