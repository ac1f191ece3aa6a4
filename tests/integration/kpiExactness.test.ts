import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKpiAggregates, repairKpiAggregates } from '../../lib/kpi/repair.ts';
import { clickhouseMigrations, splitStatements } from '../../lib/sql.ts';
import { closeSourceSession, openSourceSession, tryLockTable } from '../../lib/sync/source.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { invokeKpi, kpiEvent, testApiKey } from '../helpers/kpiRequests.ts';
import { syncAll, syncOnce } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let first: number;
let second: number;

const routes = [
  'campaigns-ctr',
  'daily-impressions-clicks',
  'campaign-spend',
  'campaign-costs',
  'advertisers',
  'hourly-impressions-clicks',
] as const;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.KPI_API_KEY = testApiKey;
  process.env.LOG_LEVEL = 'WARN'; // one INFO line per request is checked in kpiHttp.test.ts only
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  first = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.25', budget: '100.00' });
  second = await insertCampaign(pool, advertiser, { name: 'Campaign_1_2', bid: '2.50', budget: '250.50' });
  // 2026-11-20 11:55:00 … 11:59:59 UTC: one day, one hour
  await insertEvents(pool, 'impressions', first, 300);
  await insertEvents(pool, 'impressions', second, 200);
  await insertEvents(pool, 'clicks', first, 30);
  await insertEvents(pool, 'clicks', second, 10);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await db.drop();
});
afterAll(async () => pool.end());

/** Every KPI route's data through the handler (the hourly route for 2026-11-20). */
async function readAllKpis(
  query: Record<string, string> = {},
  names: readonly string[] = routes,
): Promise<Record<string, unknown>> {
  const snapshot: Record<string, unknown> = {};
  for (const route of names) {
    const dated = route === 'hourly-impressions-clicks' ? { date: '2026-11-20', ...query } : query;
    const reply = await invokeKpi(kpiEvent(`/kpi/${route}`, { query: dated }));
    if (reply.status !== 200) throw new Error(`${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
    snapshot[route] = reply.exactData;
  }
  return snapshot;
}

const secondOnly = {
  'campaigns-ctr': [
    {
      id: 2,
      name: 'Campaign_1_2',
      budget: '250.50',
      total_impressions: '200',
      total_clicks: '10',
      total_ctr: '0.050',
      cost_of_click: '25.05',
    },
  ],
  'daily-impressions-clicks': [{ date: '2026-11-20', daily_impressions: '200', daily_clicks: '10' }],
  'campaign-spend': [
    {
      id: 2,
      name: 'Campaign_1_2',
      advertiser_id: 1,
      bid: '2.50',
      budget: '250.50',
      total_clicks: '10',
      spend: '25.00',
      budget_utilisation: '0.0998',
    },
  ],
  'campaign-costs': [
    {
      id: 2,
      name: 'Campaign_1_2',
      advertiser_id: 1,
      total_impressions: '200',
      total_clicks: '10',
      spend: '25.00',
      cpm: '125.00',
      cpc: '2.50',
    },
  ],
  advertisers: [
    {
      id: 1,
      name: 'Advertiser A',
      campaigns: '1',
      total_impressions: '200',
      total_clicks: '10',
      ctr: '0.050',
      budget: '250.50',
      spend: '25.00',
      budget_utilisation: '0.0998',
      cpm: '125.00',
      cpc: '2.50',
    },
  ],
  'hourly-impressions-clicks': [{ hour: '2026-11-20T11:00:00Z', hourly_impressions: '200', hourly_clicks: '10' }],
};

describe('KPI values', () => {
  it('computes every KPI exactly for two campaigns of one advertiser', async () => {
    // Prepare
    await syncAll(db);
    // Act
    const kpis = await readAllKpis();
    // Assess
    expect(kpis).toEqual({
      'campaigns-ctr': [
        secondOnly['campaigns-ctr'][0],
        {
          id: 1,
          name: 'Campaign_1_1',
          budget: '100.00',
          total_impressions: '300',
          total_clicks: '30',
          total_ctr: '0.100',
          cost_of_click: '3.33',
        },
      ],
      'daily-impressions-clicks': [{ date: '2026-11-20', daily_impressions: '500', daily_clicks: '40' }],
      'campaign-spend': [
        {
          id: 1,
          name: 'Campaign_1_1',
          advertiser_id: 1,
          bid: '1.25',
          budget: '100.00',
          total_clicks: '30',
          spend: '37.50',
          budget_utilisation: '0.3750',
        },
        secondOnly['campaign-spend'][0],
      ],
      'campaign-costs': [
        {
          id: 1,
          name: 'Campaign_1_1',
          advertiser_id: 1,
          total_impressions: '300',
          total_clicks: '30',
          spend: '37.50',
          cpm: '125.00',
          cpc: '1.25',
        },
        secondOnly['campaign-costs'][0],
      ],
      advertisers: [
        {
          id: 1,
          name: 'Advertiser A',
          campaigns: '2',
          total_impressions: '500',
          total_clicks: '40',
          ctr: '0.080',
          budget: '350.50',
          spend: '62.50',
          budget_utilisation: '0.1783',
          cpm: '125.00',
          cpc: '1.56',
        },
      ],
      'hourly-impressions-clicks': [{ hour: '2026-11-20T11:00:00Z', hourly_impressions: '500', hourly_clicks: '40' }],
    });
  });

  it('rounds half away from zero: 1 click in 16 impressions is 0.063, 100.10 over 4 clicks is 25.03', async () => {
    // Prepare
    await resetSource(pool);
    const advertiser = await insertAdvertiser(pool, 'Advertiser A');
    const sixteenth = await insertCampaign(pool, advertiser, { name: 'c16', bid: '1.00', budget: '100.10' });
    const quarter = await insertCampaign(pool, advertiser, { name: 'c4', bid: '1.00', budget: '100.10' });
    await insertEvents(pool, 'impressions', sixteenth, 16);
    await insertEvents(pool, 'clicks', sixteenth, 1);
    await insertEvents(pool, 'impressions', quarter, 8);
    await insertEvents(pool, 'clicks', quarter, 4);
    await syncAll(db);
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/campaigns-ctr'));
    // Assess
    const data = reply.exactData as Record<string, unknown>[];
    expect(data.map((row) => [row.name, row.total_ctr, row.cost_of_click])).toEqual([
      ['c16', '0.063', '100.10'],
      ['c4', '0.500', '25.03'],
    ]);
  });

  it('keeps a day that has clicks but no impressions, and leaves out events without a campaign', async () => {
    // Prepare
    await insertEvents(pool, 'clicks', second, 5, '2026-11-22 08:00:00');
    await insertEvents(pool, 'impressions', null, 7, '2026-11-22 08:00:00');
    await insertEvents(pool, 'clicks', null, 3, '2026-11-20 12:00:00');
    await syncAll(db);
    // Act
    const reply = await invokeKpi(kpiEvent('/kpi/daily-impressions-clicks'));
    // Assess
    expect(reply.exactData).toEqual([
      { date: '2026-11-20', daily_impressions: '500', daily_clicks: '40' },
      { date: '2026-11-22', daily_impressions: '0', daily_clicks: '5' },
    ]);
  });

  it('counts an event in the range when from and to are its own day, and not the day before', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', first, 1, '2026-11-19 23:59:59.999999');
    await insertEvents(pool, 'impressions', first, 1, '2026-11-21 00:00:01');
    await syncAll(db);
    // Act
    const reply = await invokeKpi(
      kpiEvent('/kpi/campaigns-ctr', { query: { campaign_id: String(first), from: '2026-11-21', to: '2026-11-21' } }),
    );
    const day = await invokeKpi(
      kpiEvent('/kpi/daily-impressions-clicks', { query: { from: '2026-11-19', to: '2026-11-20' } }),
    );
    // Assess
    expect(reply.exactData).toEqual([
      {
        id: first,
        name: 'Campaign_1_1',
        budget: '100.00',
        total_impressions: '1',
        total_clicks: '0',
        total_ctr: '0.000',
        cost_of_click: '100.00',
      },
    ]);
    expect(day.exactData).toEqual([
      { date: '2026-11-19', daily_impressions: '1', daily_clicks: '0' },
      { date: '2026-11-20', daily_impressions: '500', daily_clicks: '40' },
    ]);
  });
});

describe('KPIs under deletes and sync retries', () => {
  it('removes a deleted campaign from every KPI after the next syncs', async () => {
    // Prepare
    await syncAll(db);
    await pool.query('DELETE FROM clicks WHERE campaign_id = $1', [first]);
    await pool.query('DELETE FROM impressions WHERE campaign_id = $1', [first]);
    await pool.query('DELETE FROM campaign WHERE id = $1', [first]);
    // Act
    await syncAll(db);
    const kpis = await readAllKpis();
    const campaignRoutes = routes.filter((route) => route !== 'advertisers');
    const filtered = await readAllKpis({ campaign_id: String(first) }, campaignRoutes);
    // Assess
    expect(kpis).toEqual(secondOnly);
    expect(filtered).toEqual(Object.fromEntries(campaignRoutes.map((route) => [route, []])));
  });

  it('leaves every KPI unchanged when all syncs run again', async () => {
    // Prepare
    await syncAll(db);
    const before = await readAllKpis();
    // Act
    await syncAll(db);
    await syncAll(db);
    // Assess
    expect(await readAllKpis()).toEqual(before);
  });

  it('ends with the KPIs of a clean sync after runs that fail after their INSERT are retried', async () => {
    // Prepare
    const clean = await createTestDatabase();
    const crash = async () => {
      throw new Error('simulated crash after the INSERT');
    };
    await syncAll(clean);
    process.env.CLICKHOUSE_DATABASE = clean.config.clickhouseDatabase;
    const expected = await readAllKpis();
    process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
    await clean.drop();
    // Act
    await syncOnce(db, 'advertiser');
    await syncOnce(db, 'campaign');
    await expect(syncOnce(db, 'impressions', { afterInsert: crash })).rejects.toThrow('simulated crash');
    await expect(syncOnce(db, 'clicks', { afterInsert: crash })).rejects.toThrow('simulated crash');
    const afterCrash = await readAllKpis();
    await syncAll(db);
    // Assess
    expect(afterCrash).toEqual(expected);
    expect(await readAllKpis()).toEqual(expected);
  });
});

describe('KPI aggregate upkeep', () => {
  it('counts the raw rows a database already holds when the KPI migration is applied, once even if re-applied', async () => {
    // Prepare: a database synced before the KPI migration existed
    await syncAll(db);
    const expected = await readAllKpis();
    await db.clickhouse.command({ query: 'TRUNCATE TABLE events_hourly' });
    const migration = clickhouseMigrations.find((m) => m.version === '0004_kpi_aggregates');
    // Act
    for (let run = 0; run < 2; run++) {
      for (const statement of splitStatements(migration?.text ?? '')) await db.clickhouse.command({ query: statement });
    }
    // Assess
    expect(await readAllKpis()).toEqual(expected);
  });

  it('finds and repairs the rows a raw insert wrote without its materialized view', async () => {
    // Prepare: impressions reach impressions_raw while the materialized view is detached
    await syncAll(db);
    const expected = await readAllKpis();
    await insertEvents(pool, 'impressions', second, 50, '2026-11-21 10:30:00');
    await db.clickhouse.command({ query: 'DETACH TABLE events_hourly_from_impressions' });
    await syncOnce(db, 'impressions');
    await db.clickhouse.command({ query: 'ATTACH TABLE events_hourly_from_impressions' });
    const range = { from: '2026-11-20', to: '2026-11-21' };
    // Act
    const drift = await checkKpiAggregates(db.clickhouse, range);
    const repair = await repairKpiAggregates({ clickhouse: db.clickhouse, pgUrl: db.config.pgUrl }, range);
    const again = await repairKpiAggregates({ clickhouse: db.clickhouse, pgUrl: db.config.pgUrl }, range);
    // Assess
    expect(drift).toEqual([
      { date: '2026-11-21', campaign_hours: '1', missing_impressions: '50', missing_clicks: '0' },
    ]);
    expect(repair).toEqual({ repaired: drift });
    expect(again).toEqual({ repaired: [] });
    expect(await checkKpiAggregates(db.clickhouse, { from: null, to: null })).toEqual([]);
    const kpis = await readAllKpis();
    expect(kpis['daily-impressions-clicks']).toEqual([
      ...(expected['daily-impressions-clicks'] as unknown[]),
      { date: '2026-11-21', daily_impressions: '50', daily_clicks: '0' },
    ]);
  });

  it('skips the repair while a sync run holds the impressions lock', async () => {
    // Prepare
    await syncAll(db);
    const session = await openSourceSession(db.config.pgUrl);
    await tryLockTable(session, 'impressions');
    // Act
    const outcome = await repairKpiAggregates(
      { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl },
      { from: null, to: null },
    );
    await closeSourceSession(session);
    // Assess
    expect(outcome).toEqual({ skipped: 'locked' });
  });
});
