-- Source schema of the OLTP database pg2ch reads from (same tables as the original job).
-- Idempotent: safe to apply to an empty database or one that already has these tables.
CREATE TABLE IF NOT EXISTS advertiser (
  id serial PRIMARY KEY,
  name varchar(255) NOT NULL,
  updated_at timestamp,
  created_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS campaign (
  id serial PRIMARY KEY,
  name varchar(255) NOT NULL,
  bid numeric(10, 2) NOT NULL,
  budget numeric(10, 2) NOT NULL,
  start_date date,
  end_date date,
  advertiser_id int REFERENCES advertiser (id),
  updated_at timestamp,
  created_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS impressions (
  id serial PRIMARY KEY,
  campaign_id int REFERENCES campaign (id),
  created_at timestamp DEFAULT now()
);

CREATE TABLE IF NOT EXISTS clicks (
  id serial PRIMARY KEY,
  campaign_id int REFERENCES campaign (id),
  created_at timestamp DEFAULT now()
);

CREATE INDEX IF NOT EXISTS impressions_campaign_id_idx ON impressions (campaign_id);
CREATE INDEX IF NOT EXISTS clicks_campaign_id_idx ON clicks (campaign_id);
