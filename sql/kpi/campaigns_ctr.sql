-- GET /kpi/campaigns-ctr: click-through rate and cost of a click per live campaign (view campaigns_ctr_tz).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (days in tz, inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more), offset UInt64 (rows of earlier pages).
SELECT id, name, budget, total_impressions, total_clicks, total_ctr, cost_of_click
FROM campaigns_ctr_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY cost_of_click DESC, id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
