// Issue 9 §3 and §4: verify is a signal an operator can trust (no false drift after a campaign delete, no cancelling
// errors), --repair fixes every kind of drift without doubling, and resync keeps every KPI exact.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKpiAggregates } from '../../lib/kpi/repair.ts';
import { verifyHandler } from '../../lib/lambda/jobs.ts';
import { repairDrift } from '../../lib/repair/repair.ts';
import { resyncTable } from '../../lib/repair/resync.ts';
import { syncDepsFrom } from '../../lib/sync/deps.ts';
import { findTable, tableKeys } from '../../lib/tables/registry.ts';
import { verifyTables } from '../../lib/verify/verify.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { syncAll, syncResult } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaigns: number[];

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  campaigns = [];
  for (const index of [1, 2, 3]) {
    const campaign = await insertCampaign(pool, advertiser, {
      name: `Campaign_1_${index}`,
      bid: '1.00',
      budget: '100.00',
    });
    campaigns.push(campaign);
    await insertEvents(pool, 'impressions', campaign, 1000);
    await insertEvents(pool, 'clicks', campaign, 80);
  }
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await db.drop();
});
afterAll(async () => pool.end());

/** Syncs every table twice, so the second run releases the first one's window: safe mark = max id. */
async function syncToSafeMark(): Promise<void> {
  await syncAll(db);
  await syncResult(db, 'impressions');
  await syncResult(db, 'clicks');
}

const deps = () => ({ clickhouse: db.clickhouse, pgUrl: db.config.pgUrl });

/** campaigns_ctr's counts next to PostgreSQL's own, per live campaign. */
async function kpiCounts(): Promise<{ clickhouse: string[]; postgres: string[] }> {
  const clickhouse = await db.rows<{ line: string }>(
    "SELECT concat(toString(id), ':', toString(total_impressions), ':', toString(total_clicks)) AS line FROM campaigns_ctr ORDER BY id",
  );
  const postgres = await pool.query<{ line: string }>(
    `SELECT c.id || ':' || (SELECT count(*) FROM impressions i WHERE i.campaign_id = c.id) || ':' ||
            (SELECT count(*) FROM clicks k WHERE k.campaign_id = c.id) AS line FROM campaign c ORDER BY c.id`,
  );
  return { clickhouse: clickhouse.map((row) => row.line), postgres: postgres.rows.map((row) => row.line) };
}

describe('verify after the original scenario', () => {
  it('reports no drift after a campaign and its events are deleted in PostgreSQL, and the KPIs drop them', async () => {
    // Prepare: the original's "delete a campaign": its clicks and impressions first (foreign keys), then the campaign
    await syncToSafeMark();
    const deleted = campaigns[1];
    await pool.query('DELETE FROM clicks WHERE campaign_id = $1', [deleted]);
    await pool.query('DELETE FROM impressions WHERE campaign_id = $1', [deleted]);
    await pool.query('DELETE FROM campaign WHERE id = $1', [deleted]);
    // Act
    await syncToSafeMark();
    const report = await verifyTables(tableKeys(), deps());
    // Assess
    expect(report.driftRows).toBe(0);
    expect(report.tables.find((table) => table.table === 'impressions')).toMatchObject({
      postgresRows: 2000,
      clickhouseRows: 2000,
      liveThrough: 'campaign',
    });
    const counts = await kpiCounts();
    expect(counts.clickhouse).toEqual(counts.postgres);
    expect(counts.clickhouse).toHaveLength(2);
  });
});

describe('verify compares content', () => {
  it('finds a lost row and a doubled one whose counts and id sums cancel out, and a timestamp shifted by an hour', async () => {
    // Prepare: ids 10 and 20 lost, id 15 copied three times (count and id sum unchanged), id 30 an hour off
    await syncToSafeMark();
    await db.clickhouse.command({ query: 'DELETE FROM impressions_raw WHERE id IN (10, 20)' });
    await db.clickhouse.command({
      query:
        'INSERT INTO impressions_raw SELECT * FROM impressions_raw WHERE id = 15 UNION ALL SELECT * FROM impressions_raw WHERE id = 15',
    });
    const [shifted] = await db.rows<{ campaign_id: number; created_at: string }>(
      'SELECT campaign_id, toString(created_at + INTERVAL 1 HOUR) AS created_at FROM impressions_raw WHERE id = 30',
    );
    await db.clickhouse.command({ query: 'DELETE FROM impressions_raw WHERE id = 30' });
    await db.clickhouse.insert({
      table: 'impressions_raw',
      values: [{ id: 30, campaign_id: shifted?.campaign_id, created_at: shifted?.created_at }],
      format: 'JSONEachRow',
    });
    // Act: one top bucket, so the lost and the doubled rows share every bucket down to the single ids
    const report = await verifyTables(['impressions'], deps(), { topBuckets: 1 });
    // Assess
    expect(report.tables[0]).toMatchObject({ postgresRows: 3000, clickhouseRows: 3000, driftRows: 1 + 2 + 1 + 1 });
    expect(
      report.tables[0]?.ranges.map((range) => [range.firstId, range.lastId, range.postgresRows, range.clickhouseRows]),
    ).toEqual([
      [10, 10, 1, 0],
      [15, 15, 1, 3],
      [20, 20, 1, 0],
      [30, 30, 1, 1],
    ]);
  });
});

describe('verify --repair', () => {
  it('repairs lost, doubled, altered and deleted rows, a row whose id was taken in an earlier transaction and an explicit id below the safe mark, keeping the KPIs exact', async () => {
    // Prepare
    await syncToSafeMark();
    const early = await pool.query<{ id: string }>("SELECT nextval('impressions_id_seq')::text AS id");
    await insertEvents(pool, 'impressions', campaigns[0] ?? 0, 10);
    await syncToSafeMark();
    await pool.query("INSERT INTO impressions (id, campaign_id, created_at) VALUES ($1, $2, '2026-11-20 08:00:00')", [
      early.rows[0]?.id,
      campaigns[0],
    ]);
    await pool.query("INSERT INTO impressions (id, campaign_id, created_at) VALUES (0, $1, '2026-11-20 08:00:00')", [
      campaigns[2],
    ]);
    await pool.query('DELETE FROM impressions WHERE id = 777');
    await db.clickhouse.command({ query: 'DELETE FROM impressions_raw WHERE id IN (10, 20)' });
    await db.clickhouse.command({ query: 'INSERT INTO impressions_raw SELECT * FROM impressions_raw WHERE id = 15' });
    const before = await verifyTables(['impressions'], deps());
    // Act
    const repair = await repairDrift(before, syncDepsFrom(db.config, db.clickhouse, 'test-repair'));
    const after = await verifyTables(['impressions'], deps());
    // Assess: 0 and the early id missing, 10 and 20 lost, 15 doubled, 777 deleted in PostgreSQL
    expect(before.tables[0]?.driftRows).toBe(6);
    expect(repair).toMatchObject({
      tables: [{ table: 'impressions', outcome: 'repaired' }],
      kpiAggregates: 'repaired',
    });
    expect(after.driftRows).toBe(0);
    expect(after.tables[0]).toMatchObject({ postgresRows: 3011, clickhouseRows: 3011 });
    expect(await checkKpiAggregates(db.clickhouse, { from: null, to: null })).toEqual([]);
    const counts = await kpiCounts();
    expect(counts.clickhouse).toEqual(counts.postgres);
  });

  it('prints the report, what it repaired and the report after, and exits 0, from npm run verify -- --repair', async () => {
    // Prepare
    await syncToSafeMark();
    await db.clickhouse.command({ query: 'DELETE FROM clicks_raw WHERE id = 42' });
    // Act
    const { code, stdout } = await waitForExit(
      spawnCli('verify', ['clicks', '--repair'], { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase }),
    );
    // Assess
    const printed = JSON.parse(stdout) as { drift_rows: number; repair: unknown; after: { drift_rows: number } };
    expect(code).toBe(0);
    expect(printed.drift_rows).toBe(1);
    expect(printed.repair).toEqual({
      tables: [{ table: 'clicks', outcome: 'repaired', ranges: 1, emptied: 0 }],
      kpiAggregates: 'repaired',
    });
    expect(printed.after.drift_rows).toBe(0);
  });

  it('repairs what it finds from the hourly function when VERIFY_REPAIR=1, and says so in its one line', async () => {
    // Prepare
    await syncToSafeMark();
    await db.clickhouse.command({ query: 'DELETE FROM impressions_raw WHERE id = 5' });
    process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
    process.env.VERIFY_REPAIR = '1';
    // Act
    const logged = await captureLogLines(async () => {
      await verifyHandler()({}, lambdaContext());
    });
    const after = await verifyTables(['impressions'], deps());
    // Assess
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      message: 'verify found drift',
      drift_rows: 1,
      repair: { tables: [{ table: 'impressions', outcome: 'repaired' }], kpiAggregates: 'repaired' },
    });
    expect(after.driftRows).toBe(0);
  });
});

describe('resync', () => {
  it('copies a table again from scratch while every KPI stays exact, also when rebuilding its ClickHouse copy', async () => {
    // Prepare
    await syncToSafeMark();
    const before = await kpiCounts();
    // Act
    const reset = await resyncTable(findTable('impressions'), syncDepsFrom(db.config, db.clickhouse, 'test-resync'));
    const emptied = await kpiCounts();
    await syncResult(db, 'impressions');
    const refilled = await kpiCounts();
    const rebuilt = await resyncTable(findTable('clicks'), syncDepsFrom(db.config, db.clickhouse, 'test-resync'), true);
    await syncResult(db, 'clicks');
    // Assess
    expect(reset).toEqual({ table: 'impressions', outcome: 'reset', kpiAggregates: 'repaired' });
    expect(rebuilt).toEqual({ table: 'clicks', outcome: 'reset', kpiAggregates: 'repaired' });
    expect(emptied.clickhouse).toEqual(emptied.postgres.map((line) => line.replace(/:\d+:/, ':0:')));
    expect(refilled.clickhouse).toEqual(before.postgres);
    expect((await kpiCounts()).clickhouse).toEqual(before.postgres);
    expect(await checkKpiAggregates(db.clickhouse, { from: null, to: null })).toEqual([]);
    expect((await verifyTables(tableKeys(), deps())).driftRows).toBe(0);
  });
});
