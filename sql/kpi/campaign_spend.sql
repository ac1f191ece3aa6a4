-- GET /kpi/campaign-spend: spend (clicks x bid) and budget utilisation per live campaign (view campaign_spend_tz).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT id, name, advertiser_id, bid, budget, total_clicks, spend, budget_utilisation
FROM campaign_spend_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY spend DESC, id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
