-- GET /kpi/daily-impressions-clicks: impressions and clicks per UTC day (view daily_impressions_clicks_filtered).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (UTC days, inclusive; NULL = no filter), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more).
SELECT date, daily_impressions, daily_clicks
FROM daily_impressions_clicks_filtered(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)}
)
ORDER BY date
LIMIT {fetch_rows:UInt32}
