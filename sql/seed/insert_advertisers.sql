-- Creates one advertiser per name. Parameters: $1 text[] names. Returns the new ids in name order.
INSERT INTO advertiser (name, updated_at)
SELECT advertiser.name, now()
FROM unnest($1::text[]) WITH ORDINALITY AS advertiser (name, position)
ORDER BY advertiser.position
RETURNING id
