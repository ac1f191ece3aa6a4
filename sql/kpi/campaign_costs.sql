-- GET /kpi/campaign-costs: CPM and CPC of the spend per live campaign (view campaign_costs_tz).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT id, name, advertiser_id, total_impressions, total_clicks, spend, cpm, cpc
FROM campaign_costs_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
