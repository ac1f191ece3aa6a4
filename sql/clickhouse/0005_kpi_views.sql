-- The KPI views (definitions: README, section KPIs). Each KPI is a parameterized view `<kpi>_filtered(...)`, which the
-- HTTP function queries with bound values, and a plain view `<kpi>` = the same over everything.
-- All read events_hourly (0004), never the raw tables, and count events only through campaigns present in
-- the live `campaign` table (a deleted campaign and its events vanish from every KPI at the next campaign
-- sync). Money and ratios are Decimal; every rounding is round-half-away-from-zero (ClickHouse's round() on
-- Decimal) of the exact quotient.
-- Parameters of every *_filtered view, NULL meaning "no filter": advertiser_id Nullable(Int32),
-- campaign_id Nullable(Int32) (not on advertiser_kpis_filtered), date_from / date_to Nullable(Date)
-- (UTC days, inclusive).

-- Live campaigns with their impressions and clicks in the date range (0 and 0 when there are none).
CREATE OR REPLACE VIEW campaign_totals_filtered AS
SELECT
  campaign.id AS id,
  campaign.name AS name,
  campaign.advertiser_id AS advertiser_id,
  campaign.bid AS bid,
  campaign.budget AS budget,
  toInt64(ifNull(events.impressions, 0)) AS impressions,
  toInt64(ifNull(events.clicks, 0)) AS clicks
FROM campaign
LEFT JOIN (
  SELECT campaign_id, sum(impressions) AS impressions, sum(clicks) AS clicks
  FROM events_hourly
  WHERE ({campaign_id:Nullable(Int32)} IS NULL OR campaign_id = {campaign_id:Nullable(Int32)})
    AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, 'UTC'))
    AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), 'UTC'))
  GROUP BY campaign_id
) AS events ON events.campaign_id = campaign.id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR campaign.advertiser_id = {advertiser_id:Nullable(Int32)})
  AND ({campaign_id:Nullable(Int32)} IS NULL OR campaign.id = {campaign_id:Nullable(Int32)});

-- Click-through rate and cost of a click per live campaign, most expensive click first.
CREATE OR REPLACE VIEW campaigns_ctr_filtered AS
SELECT
  id,
  name,
  budget,
  impressions AS total_impressions,
  clicks AS total_clicks,
  if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 3), 3)) AS total_ctr,
  if(clicks = 0, toDecimal64(budget, 2), toDecimal64(round(toDecimal128(budget, 12) / clicks, 2), 2)) AS cost_of_click
FROM campaign_totals_filtered(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)}
)
ORDER BY cost_of_click DESC, id;

CREATE OR REPLACE VIEW campaigns_ctr AS
SELECT id, name, budget, total_impressions, total_clicks, total_ctr, cost_of_click
FROM campaigns_ctr_filtered(advertiser_id = NULL, campaign_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY cost_of_click DESC, id;

-- Spend (clicks x the campaign's bid) and the share of the budget it uses, per live campaign, highest spend first.
CREATE OR REPLACE VIEW campaign_spend_filtered AS
SELECT
  id,
  name,
  advertiser_id,
  bid,
  budget,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / budget, 4), 4)) AS budget_utilisation
FROM campaign_totals_filtered(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)}
)
ORDER BY spend DESC, id;

CREATE OR REPLACE VIEW campaign_spend AS
SELECT id, name, advertiser_id, bid, budget, total_clicks, spend, budget_utilisation
FROM campaign_spend_filtered(advertiser_id = NULL, campaign_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY spend DESC, id;

-- Cost per thousand impressions (CPM) and cost per click (CPC) of the spend, per live campaign.
CREATE OR REPLACE VIEW campaign_costs_filtered AS
SELECT
  id,
  name,
  advertiser_id,
  impressions AS total_impressions,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm,
  if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc
FROM campaign_totals_filtered(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)}
)
ORDER BY id;

CREATE OR REPLACE VIEW campaign_costs AS
SELECT id, name, advertiser_id, total_impressions, total_clicks, spend, cpm, cpc
FROM campaign_costs_filtered(advertiser_id = NULL, campaign_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY id;

-- Per-advertiser rollup over its live campaigns; every advertiser appears, with zeros when it has none.
CREATE OR REPLACE VIEW advertiser_kpis_filtered AS
SELECT
  advertiser.id AS id,
  advertiser.name AS name,
  toInt64(ifNull(totals.owned_campaigns, 0)) AS campaigns,
  toInt64(ifNull(totals.owned_impressions, 0)) AS total_impressions,
  toInt64(ifNull(totals.owned_clicks, 0)) AS total_clicks,
  if(total_impressions = 0, NULL, toDecimal64(round(toDecimal128(total_clicks, 10) / total_impressions, 3), 3)) AS ctr,
  toDecimal128(ifNull(totals.owned_budget, 0), 2) AS budget,
  toDecimal128(ifNull(totals.owned_spend, 0), 2) AS spend,
  if(budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / budget, 4), 4)) AS budget_utilisation,
  if(total_impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / total_impressions, 2), 2)) AS cpm,
  if(total_clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / total_clicks, 2), 2)) AS cpc
FROM advertiser
LEFT JOIN (
  SELECT
    assumeNotNull(advertiser_id) AS owner_id,
    count() AS owned_campaigns,
    sum(impressions) AS owned_impressions,
    sum(clicks) AS owned_clicks,
    sum(toDecimal128(budget, 2)) AS owned_budget,
    sum(toDecimal128(bid, 2) * clicks) AS owned_spend
  FROM campaign_totals_filtered(
    advertiser_id = {advertiser_id:Nullable(Int32)},
    campaign_id = NULL,
    date_from = {date_from:Nullable(Date)},
    date_to = {date_to:Nullable(Date)}
  )
  WHERE advertiser_id IS NOT NULL
  GROUP BY owner_id
) AS totals ON totals.owner_id = advertiser.id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser.id = {advertiser_id:Nullable(Int32)})
ORDER BY id;

CREATE OR REPLACE VIEW advertiser_kpis AS
SELECT id, name, campaigns, total_impressions, total_clicks, ctr, budget, spend, budget_utilisation, cpm, cpc
FROM advertiser_kpis_filtered(advertiser_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY id;

-- Impressions and clicks per UTC day through live campaigns: one row per day having either, oldest first.
CREATE OR REPLACE VIEW daily_impressions_clicks_filtered AS
SELECT toDate(hour) AS date, sum(impressions) AS daily_impressions, sum(clicks) AS daily_clicks
FROM events_hourly
WHERE campaign_id IN (
    SELECT id
    FROM campaign
    WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser_id = {advertiser_id:Nullable(Int32)})
      AND ({campaign_id:Nullable(Int32)} IS NULL OR id = {campaign_id:Nullable(Int32)})
  )
  AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, 'UTC'))
  AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), 'UTC'))
GROUP BY date
HAVING daily_impressions != 0 OR daily_clicks != 0
ORDER BY date;

CREATE OR REPLACE VIEW daily_impressions_clicks AS
SELECT date, daily_impressions, daily_clicks
FROM daily_impressions_clicks_filtered(advertiser_id = NULL, campaign_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY date;

-- Impressions and clicks per UTC hour through live campaigns: one row per hour having either, oldest first.
CREATE OR REPLACE VIEW hourly_impressions_clicks_filtered AS
SELECT hour, sum(impressions) AS hourly_impressions, sum(clicks) AS hourly_clicks
FROM events_hourly
WHERE campaign_id IN (
    SELECT id
    FROM campaign
    WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser_id = {advertiser_id:Nullable(Int32)})
      AND ({campaign_id:Nullable(Int32)} IS NULL OR id = {campaign_id:Nullable(Int32)})
  )
  AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, 'UTC'))
  AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), 'UTC'))
GROUP BY hour
HAVING hourly_impressions != 0 OR hourly_clicks != 0
ORDER BY hour;

CREATE OR REPLACE VIEW hourly_impressions_clicks AS
SELECT hour, hourly_impressions, hourly_clicks
FROM hourly_impressions_clicks_filtered(advertiser_id = NULL, campaign_id = NULL, date_from = NULL, date_to = NULL)
ORDER BY hour;
