-- The check query from the original README, unchanged: distinct campaigns, advertisers, impressions and
-- clicks reachable through live campaigns. No parameters.
SELECT COUNT(distinct ca.id), COUNT(distinct a.id), COUNT(distinct i.id), COUNT(distinct c.id) FROM campaign ca JOIN advertiser a on a.id = ca.advertiser_id JOIN impressions i ON ca.id = i.campaign_id JOIN clicks c ON ca.id = c.campaign_id
