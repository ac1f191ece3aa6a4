-- GET /kpi/advertisers: the per-advertiser rollup over live campaigns (view advertiser_kpis_tz).
-- Parameters: advertiser_id Nullable(Int32), date_from Nullable(Date), date_to Nullable(Date) (days in tz,
-- inclusive; NULL = no filter), tz String (IANA zone), fetch_rows UInt32 (the page size plus one: an extra row tells the caller
-- there are more), offset UInt64 (rows of earlier pages).
SELECT id, name, campaigns, total_impressions, total_clicks, ctr, budget, spend, budget_utilisation, cpm, cpc
FROM advertiser_kpis_tz(
  advertiser_id = {advertiser_id:Nullable(Int32)},
  date_from = {date_from:Nullable(Date)},
  date_to = {date_to:Nullable(Date)},
  tz = {tz:String}
)
ORDER BY id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
