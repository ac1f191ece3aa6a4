-- Counts the advertisers, so that new ones continue the naming (Advertiser A, B, ...). No parameters.
SELECT count(*)::int AS count FROM advertiser
