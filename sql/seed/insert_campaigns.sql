-- Creates one campaign per name for one advertiser: bid uniform in 0.50-5.00, budget in 50.00-500.00, running
-- from today for 7 to 30 days. Parameters: $1 text[] names, $2 int advertiser id. Returns the new ids in name order.
INSERT INTO campaign (name, bid, budget, start_date, end_date, advertiser_id, updated_at)
SELECT
  campaign.name,
  round((0.5 + random() * 4.5)::numeric, 2),
  round((50 + random() * 450)::numeric, 2),
  current_date,
  current_date + 7 + floor(random() * 24)::int,
  $2::int,
  now()
FROM unnest($1::text[]) WITH ORDINALITY AS campaign (name, position)
ORDER BY campaign.position
RETURNING id
