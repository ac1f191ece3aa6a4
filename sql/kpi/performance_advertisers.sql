-- GET /kpi/performance?group_by=advertiser: impressions, clicks and the metrics computed from their sums per
-- advertiser over its live campaigns (every advertiser, with zeros and nulls when it has none), by advertiser id
-- (view campaign_totals_tz). Ratios are quotients of sums, rounded half away from zero: ctr 4 decimals, cpc and
-- cpm 2. Campaigns without an advertiser are in no row.
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the
-- page size plus one: an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT
  advertiser.id AS advertiser_id,
  advertiser.name AS advertiser_name,
  CAST(NULL AS Nullable(Int32)) AS campaign_id,
  CAST(NULL AS Nullable(String)) AS campaign_name,
  toInt64(ifNull(totals.owned_impressions, 0)) AS impressions,
  toInt64(ifNull(totals.owned_clicks, 0)) AS clicks,
  if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 4), 4)) AS ctr,
  toDecimal128(ifNull(totals.owned_spend, 0), 2) AS spend,
  if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc,
  if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm
FROM advertiser
LEFT JOIN (
  SELECT
    assumeNotNull(advertiser_id) AS owner_id,
    sum(impressions) AS owned_impressions,
    sum(clicks) AS owned_clicks,
    sum(toDecimal128(bid, 2) * clicks) AS owned_spend
  FROM campaign_totals_tz(
    advertiser_id = {advertiser_id:Nullable(Int32)},
    campaign_id = {campaign_id:Nullable(Int32)},
    date_from = {date_from:Nullable(Date)},
    date_to = {date_to:Nullable(Date)},
    tz = {tz:String}
  )
  WHERE advertiser_id IS NOT NULL
  GROUP BY owner_id
) AS totals ON totals.owner_id = advertiser.id
WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser.id = {advertiser_id:Nullable(Int32)})
  AND ({campaign_id:Nullable(Int32)} IS NULL OR totals.owner_id = advertiser.id)
ORDER BY advertiser_id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
