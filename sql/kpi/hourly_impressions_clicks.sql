-- GET /kpi/hourly-impressions-clicks: impressions and clicks per UTC hour of one day (the caller binds the day
-- as both date_from and date_to; view hourly_impressions_clicks_tz).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT hour, hourly_impressions, hourly_clicks
FROM hourly_impressions_clicks_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY hour
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
