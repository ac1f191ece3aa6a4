-- Clicks a random sample, without replacement, of exactly floor(n * ratio) of each campaign's n impressions; each
-- click comes 1 to 120 whole seconds after its impression. Parameters: $1 int[] campaign ids, $2 numeric ratio in [0, 1].
INSERT INTO clicks (campaign_id, created_at)
SELECT campaign.id, sample.created_at + make_interval(secs => 1 + floor(random() * 120))
FROM unnest($1::int[]) AS campaign (id)
CROSS JOIN LATERAL (
  SELECT impressions.created_at
  FROM impressions
  WHERE impressions.campaign_id = campaign.id
  ORDER BY random()
  LIMIT (SELECT floor(count(*) * $2::numeric) FROM impressions AS counted WHERE counted.campaign_id = campaign.id)
) AS sample
ORDER BY sample.created_at
