-- Benchmark reference (ClickHouse): pulls the same rows and columns as the COPY baseline through postgresql()
-- and discards them, i.e. the transfer alone, without writing a table. Rendered: collection (the bench database's named
-- collection). No parameters.
SELECT id, campaign_id, created_at
FROM postgresql({{collection}}, table = 'impressions')
FORMAT Null
