-- Time-zone-aware KPI views (definitions: README, section KPIs). The HTTP API reads these; the views of 0005 stay
-- as they are (UTC days) for analysts and return exactly what they did.
-- Each `<kpi>_tz(...)` view takes the parameters of `<kpi>_filtered(...)` plus `tz` (an IANA zone name):
-- date_from / date_to are days in that zone, both inclusive, so the range is
-- [date_from 00:00 in tz, date_to + 1 day 00:00 in tz). events_hourly is kept per UTC hour, and an hour counts in
-- the range (and in a day, week or month) when its start does: exact for zones whose offset is a whole number of
-- hours; in :30 / :45 zones each boundary moves to the next whole UTC hour (README, "Time zones").
-- With tz = 'UTC' every view returns exactly what its 0005 counterpart returns.
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32) (not on advertiser_kpis_tz),
-- date_from / date_to Nullable(Date) (NULL = no bound), tz String; events_by_period_tz also granularity String
-- ('hour', 'day', 'week' (ISO, from Monday), 'month').

-- Live campaigns with their impressions and clicks in the range (0 and 0 when there are none).
CREATE OR REPLACE VIEW campaign_totals_tz AS
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
    AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, {tz:String}))
    AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), {tz:String}))
  GROUP BY campaign_id
) AS events ON events.campaign_id = campaign.id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR campaign.advertiser_id = {advertiser_id:Nullable(Int32)})
  AND ({campaign_id:Nullable(Int32)} IS NULL OR campaign.id = {campaign_id:Nullable(Int32)});

-- As campaigns_ctr_filtered (0005).
CREATE OR REPLACE VIEW campaigns_ctr_tz AS
SELECT
  id,
  name,
  budget,
  impressions AS total_impressions,
  clicks AS total_clicks,
  if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 3), 3)) AS total_ctr,
  if(clicks = 0, toDecimal64(budget, 2), toDecimal64(round(toDecimal128(budget, 12) / clicks, 2), 2)) AS cost_of_click
FROM campaign_totals_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY cost_of_click DESC, id;

-- As campaign_spend_filtered (0005).
CREATE OR REPLACE VIEW campaign_spend_tz AS
SELECT
  id,
  name,
  advertiser_id,
  bid,
  budget,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / budget, 4), 4)) AS budget_utilisation
FROM campaign_totals_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY spend DESC, id;

-- As campaign_costs_filtered (0005).
CREATE OR REPLACE VIEW campaign_costs_tz AS
SELECT
  id,
  name,
  advertiser_id,
  impressions AS total_impressions,
  clicks AS total_clicks,
  toDecimal128(bid, 2) * clicks AS spend,
  if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm,
  if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc
FROM campaign_totals_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY id;

-- As advertiser_kpis_filtered (0005).
CREATE OR REPLACE VIEW advertiser_kpis_tz AS
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
  FROM campaign_totals_tz(
    advertiser_id = {advertiser_id:Nullable(Int32)},
    campaign_id = NULL,
    date_from = {date_from:Nullable(Date)},
    date_to = {date_to:Nullable(Date)},
    tz = {tz:String}
  )
  WHERE advertiser_id IS NOT NULL
  GROUP BY owner_id
) AS totals ON totals.owner_id = advertiser.id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser.id = {advertiser_id:Nullable(Int32)})
ORDER BY id;

-- As daily_impressions_clicks_filtered (0005), with days in tz.
CREATE OR REPLACE VIEW daily_impressions_clicks_tz AS
SELECT toDate(hour, {tz:String}) AS date, sum(impressions) AS daily_impressions, sum(clicks) AS daily_clicks
FROM events_hourly
WHERE campaign_id IN (
    SELECT id
    FROM campaign
    WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser_id = {advertiser_id:Nullable(Int32)})
      AND ({campaign_id:Nullable(Int32)} IS NULL OR id = {campaign_id:Nullable(Int32)})
  )
  AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, {tz:String}))
  AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), {tz:String}))
GROUP BY date
HAVING daily_impressions != 0 OR daily_clicks != 0
ORDER BY date;

-- As hourly_impressions_clicks_filtered (0005): hours stay UTC instants, the range is in days of tz.
CREATE OR REPLACE VIEW hourly_impressions_clicks_tz AS
SELECT hour, sum(impressions) AS hourly_impressions, sum(clicks) AS hourly_clicks
FROM events_hourly
WHERE campaign_id IN (
    SELECT id
    FROM campaign
    WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser_id = {advertiser_id:Nullable(Int32)})
      AND ({campaign_id:Nullable(Int32)} IS NULL OR id = {campaign_id:Nullable(Int32)})
  )
  AND ({date_from:Nullable(Date)} IS NULL OR hour >= toDateTime({date_from:Nullable(Date)}, {tz:String}))
  AND ({date_to:Nullable(Date)} IS NULL OR hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), {tz:String}))
GROUP BY hour
HAVING hourly_impressions != 0 OR hourly_clicks != 0
ORDER BY hour;

-- Impressions, clicks and spend (clicks x the campaign's current bid) per live campaign and period of tz: one row
-- per campaign and period having events. period is the period's start in tz (a DateTime in tz).
CREATE OR REPLACE VIEW events_by_period_tz AS
SELECT
  multiIf(
    {granularity:String} = 'hour', toTimeZone(events_hourly.hour, {tz:String}),
    {granularity:String} = 'day', toStartOfDay(events_hourly.hour, {tz:String}),
    {granularity:String} = 'week', toDateTime(toMonday(events_hourly.hour, {tz:String}), {tz:String}),
    toDateTime(toStartOfMonth(events_hourly.hour, {tz:String}), {tz:String})
  ) AS period,
  events_hourly.campaign_id AS campaign_id,
  any(campaign.advertiser_id) AS advertiser_id,
  sum(events_hourly.impressions) AS period_impressions,
  sum(events_hourly.clicks) AS period_clicks,
  sum(toDecimal128(campaign.bid, 2) * events_hourly.clicks) AS period_spend
FROM events_hourly
INNER JOIN campaign ON campaign.id = events_hourly.campaign_id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR campaign.advertiser_id = {advertiser_id:Nullable(Int32)})
  AND ({campaign_id:Nullable(Int32)} IS NULL OR events_hourly.campaign_id = {campaign_id:Nullable(Int32)})
  AND ({date_from:Nullable(Date)} IS NULL OR events_hourly.hour >= toDateTime({date_from:Nullable(Date)}, {tz:String}))
  AND ({date_to:Nullable(Date)} IS NULL
    OR events_hourly.hour < toDateTime(addDays({date_to:Nullable(Date)}, 1), {tz:String}))
GROUP BY period, campaign_id
HAVING period_impressions != 0 OR period_clicks != 0;
