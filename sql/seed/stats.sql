-- Row counts of the four source tables. No parameters.
SELECT
  (SELECT count(*) FROM advertiser)::int AS advertisers,
  (SELECT count(*) FROM campaign)::int AS campaigns,
  (SELECT count(*) FROM impressions)::int AS impressions,
  (SELECT count(*) FROM clicks)::int AS clicks
