-- GET /kpi/timeseries: impressions, clicks and the metrics computed from their sums per period of tz (hour, day,
-- ISO week from Monday, month), over everything or per campaign / advertiser (view events_by_period_tz). Periods
-- without events are left out. period_start is the period's first instant in tz, RFC 3339 with its UTC offset.
-- Ratios are quotients of sums, rounded half away from zero: ctr 4 decimals, cpc and cpm 2.
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), granularity String,
-- group_by String ('none', 'campaign', 'advertiser'), fetch_rows UInt32 (the page size plus one: an extra row
-- tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT period_start, group_campaign_id AS campaign_id, group_advertiser_id AS advertiser_id, impressions, clicks, ctr,
  spend, cpc, cpm
FROM (
  SELECT
    concat(
      formatDateTime(period, '%Y-%m-%dT%H:%i:%S'),
      substring(formatDateTime(period, '%z'), 1, 3), ':', substring(formatDateTime(period, '%z'), 4, 2)
    ) AS period_start,
    toUnixTimestamp(period) AS period_epoch,
    if({group_by:String} = 'campaign', campaign_id, NULL) AS group_campaign_id,
    if({group_by:String} = 'none', NULL, advertiser_id) AS group_advertiser_id,
    toInt64(sum(period_impressions)) AS impressions,
    toInt64(sum(period_clicks)) AS clicks,
    if(impressions = 0, NULL, toDecimal64(round(toDecimal128(clicks, 10) / impressions, 4), 4)) AS ctr,
    toDecimal128(sum(period_spend), 2) AS spend,
    if(clicks = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / clicks, 2), 2)) AS cpc,
    if(impressions = 0, NULL, toDecimal128(round(toDecimal128(spend * 1000, 10) / impressions, 2), 2)) AS cpm
  FROM events_by_period_tz(
    advertiser_id = {advertiser_id:Nullable(Int32)},
    campaign_id = {campaign_id:Nullable(Int32)},
    date_from = {date_from:Nullable(Date)},
    date_to = {date_to:Nullable(Date)},
    tz = {tz:String},
    granularity = {granularity:String}
  )
  WHERE {group_by:String} != 'advertiser' OR advertiser_id IS NOT NULL
  GROUP BY period, group_campaign_id, group_advertiser_id
)
ORDER BY period_epoch, campaign_id, advertiser_id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
