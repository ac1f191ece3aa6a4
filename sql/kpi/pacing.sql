-- GET /kpi/pacing: budget pacing per live campaign, as of a given instant. The flight runs from start_date 00:00
-- to end_date + 1 day 00:00 in tz; spend counts the clicks of the flight up to as_of (clicks x the current bid);
-- flight_elapsed = the elapsed share of the flight (0 to 1); expected_spend = budget x flight_elapsed;
-- pacing = spend / expected_spend (1 = on pace, above 1 = spending ahead of the flight). All from exact decimals,
-- rounded half away from zero: money 2 decimals, ratios 4. NULL where undefined (no or inverted flight dates,
-- a flight not started yet, a zero budget).
-- Parameters: advertiser_id Nullable(Int32), campaign_id Nullable(Int32), tz String (IANA zone),
-- as_of DateTime64(3, 'UTC'), fetch_rows UInt32 (the page size plus one: an extra row tells the caller there
-- are more), offset UInt64 (rows of earlier pages).
WITH flights AS (
  SELECT
    id,
    name,
    advertiser_id,
    bid,
    budget,
    start_date,
    end_date,
    if(start_date IS NULL OR end_date IS NULL OR end_date < start_date, NULL,
      toDateTime64(assumeNotNull(start_date), 0, {tz:String})) AS flight_start,
    if(flight_start IS NULL, NULL, toDateTime64(addDays(assumeNotNull(end_date), 1), 0, {tz:String})) AS flight_end
  FROM campaign
  WHERE ({advertiser_id:Nullable(Int32)} IS NULL OR advertiser_id = {advertiser_id:Nullable(Int32)})
    AND ({campaign_id:Nullable(Int32)} IS NULL OR id = {campaign_id:Nullable(Int32)})
)
SELECT campaign_id, campaign_name, advertiser_id, start_date, end_date, budget, spend, budget_used, flight_elapsed,
  expected_spend, pacing
FROM (
  SELECT
    flights.id AS campaign_id,
    flights.name AS campaign_name,
    flights.advertiser_id AS advertiser_id,
    flights.start_date AS start_date,
    flights.end_date AS end_date,
    flights.budget AS budget,
    toDecimal128(flights.bid, 2) * toInt64(ifNull(in_flight.clicks, 0)) AS spend,
    if(flights.budget = 0, NULL, toDecimal128(round(toDecimal128(spend, 10) / flights.budget, 4), 4)) AS budget_used,
    toInt64(dateDiff('second', flights.flight_start, flights.flight_end)) AS flight_seconds,
    toInt64(greatest(0, least(flight_seconds, dateDiff('second', flights.flight_start, {as_of:DateTime64(3, 'UTC')}))))
      AS elapsed_seconds,
    toDecimal128(round(toDecimal128(elapsed_seconds, 10) / flight_seconds, 4), 4) AS flight_elapsed,
    toDecimal128(round(toDecimal128(flights.budget, 10) * elapsed_seconds / flight_seconds, 2), 2) AS expected_spend,
    if(elapsed_seconds = 0 OR flights.budget = 0, NULL,
      toDecimal128(round(toDecimal128(spend, 10) * flight_seconds / (toDecimal128(flights.budget, 10) * elapsed_seconds), 4), 4))
      AS pacing
  FROM flights
  LEFT JOIN (
    SELECT events_hourly.campaign_id AS campaign_id, sum(events_hourly.clicks) AS clicks
    FROM events_hourly
    INNER JOIN flights ON flights.id = events_hourly.campaign_id
    WHERE flights.flight_start IS NOT NULL
      AND events_hourly.hour >= flights.flight_start
      AND events_hourly.hour < least(assumeNotNull(flights.flight_end), {as_of:DateTime64(3, 'UTC')})
    GROUP BY campaign_id
  ) AS in_flight ON in_flight.campaign_id = flights.id
)
ORDER BY campaign_id
LIMIT {fetch_rows:UInt32} OFFSET {offset:UInt64}
