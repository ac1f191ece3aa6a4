-- Empties the four source tables and restarts their ids at 1. No parameters.
TRUNCATE advertiser, campaign, impressions, clicks RESTART IDENTITY CASCADE
