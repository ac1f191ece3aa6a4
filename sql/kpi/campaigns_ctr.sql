-- GET /kpi/campaigns-ctr: click-through rate and cost of a click per live campaign (view campaigns_ctr_filtered).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), date_from Nullable(Date),
-- date_to Nullable(Date) (UTC days, inclusive; NULL = no filter), fetch_rows UInt32 (the page size plus one:
-- an extra row tells the caller there are more).
SELECT id, name, budget, total_impressions, total_clicks, total_ctr, cost_of_click
FROM campaigns_ctr_filtered(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  campaign_id = {campaign_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)}
)
ORDER BY cost_of_click DESC, id
LIMIT {fetch_rows:UInt32}
