-- GET /kpi/daily-impressions-clicks: impressions and clicks per UTC day (view daily_impressions_clicks_tz).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT date, daily_impressions, daily_clicks
FROM daily_impressions_clicks_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY date
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
