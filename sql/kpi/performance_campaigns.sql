-- GET /kpi/performance?group_by=campaign: impressions, clicks and the metrics computed from their sums per live
-- campaign (campaigns without events in the range included, with zeros and nulls), by campaign id (view
-- campaign_totals_tz). Ratios are quotients of sums, rounded half away from zero: ctr 4 decimals, cpc and cpm 2.
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the
-- page size plus one: an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT
  totals.advertiser_id AS advertiser_id,
  if(totals.advertiser_id IS NULL, NULL, advertiser.name) AS advertiser_name,
  totals.id AS campaign_id,
  totals.name AS campaign_name,
  totals.impressions AS impressions,
  totals.clicks AS clicks,
  if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 4), 4)) AS ctr,
  toDecimal128(totals.bid, 2) * clicks AS spend,
  if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc,
  if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm
FROM campaign_totals_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
) AS totals
LEFT JOIN advertiser ON advertiser.id = totals.advertiser_id
ORDER BY campaign_id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
