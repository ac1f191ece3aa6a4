import pg from 'pg';

/** A pg pool on the test stack's PostgreSQL for seeding and checking the source tables. */
function sourcePool(): pg.Pool {
  const url = process.env.PG_URL;
  if (!url) throw new Error('PG_URL is not set: run integration tests through vitest (globalSetup starts the stack)');
  return new pg.Pool({ connectionString: url, max: 10 });
}

/** Empties the four source tables and restarts their ids. */
async function resetSource(pool: pg.Pool): Promise<void> {
  await pool.query('TRUNCATE clicks, impressions, campaign, advertiser RESTART IDENTITY CASCADE');
}

async function insertAdvertiser(pool: pg.Pool, name: string): Promise<number> {
  const result = await pool.query<{ id: number }>(
    'INSERT INTO advertiser (name, updated_at) VALUES ($1, now()) RETURNING id',
    [name],
  );
  return result.rows[0]?.id ?? Number.NaN;
}

/** Inserts `Advertiser A` with one campaign (bid 1.00, budget 100.00); returns the campaign id. */
async function insertOneCampaign(pool: pg.Pool): Promise<number> {
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  return insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
}

async function insertCampaign(
  pool: pg.Pool,
  advertiserId: number,
  campaign: { name: string; bid: string; budget: string },
): Promise<number> {
  const result = await pool.query<{ id: number }>(
    `INSERT INTO campaign (name, bid, budget, start_date, end_date, advertiser_id, updated_at)
     VALUES ($1, $2, $3, current_date, current_date + 14, $4, now()) RETURNING id`,
    [campaign.name, campaign.bid, campaign.budget, advertiserId],
  );
  return result.rows[0]?.id ?? Number.NaN;
}

/** Inserts `count` events for a campaign, one second apart ending at `until`; returns their ids. */
async function insertEvents(
  pool: pg.Pool,
  table: 'impressions' | 'clicks',
  campaignId: number | null,
  count: number,
  until = '2026-11-20 12:00:00',
): Promise<number[]> {
  const statement =
    table === 'impressions'
      ? 'INSERT INTO impressions (campaign_id, created_at) SELECT $1, $2::timestamp - make_interval(secs => g) FROM generate_series(1, $3) g RETURNING id'
      : 'INSERT INTO clicks (campaign_id, created_at) SELECT $1, $2::timestamp - make_interval(secs => g) FROM generate_series(1, $3) g RETURNING id';
  const result = await pool.query<{ id: number }>(statement, [campaignId, until, count]);
  return result.rows.map((row) => row.id);
}

async function countRows(pool: pg.Pool, table: 'advertiser' | 'campaign' | 'impressions' | 'clicks'): Promise<number> {
  const statements = {
    advertiser: 'SELECT count(*)::int AS n FROM advertiser',
    campaign: 'SELECT count(*)::int AS n FROM campaign',
    impressions: 'SELECT count(*)::int AS n FROM impressions',
    clicks: 'SELECT count(*)::int AS n FROM clicks',
  };
  const result = await pool.query<{ n: number }>(statements[table]);
  return result.rows[0]?.n ?? Number.NaN;
}

export { countRows, insertAdvertiser, insertCampaign, insertEvents, insertOneCampaign, resetSource, sourcePool };
