import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WritersOpenError } from '../../lib/backfill/planning.ts';
import { runBackfill } from '../../lib/backfill.ts';
import { backfillHandler } from '../../lib/lambda/backfill.ts';
import { findTable } from '../../lib/tables/registry.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { expectExactlyOnce } from '../helpers/exactlyOnce.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncOnce, syncResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const spec = findTable('impressions');
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaignId: number;
let open: pg.Client[] = [];

beforeAll(() => checkExactlyOnceAfterEachRun(pool));
afterAll(async () => {
  stopCheckingEachRun();
  await pool.end();
});
beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await Promise.all(open.map((client) => client.end()));
  open = [];
  await db.drop();
});

function deps() {
  return {
    ...{ clickhouse: db.clickhouse, database: db.config.clickhouseDatabase, pgUrl: db.config.pgUrl },
    runId: 'test-backfill',
  };
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.PG_URL });
  await client.connect();
  open.push(client);
  return client;
}

async function syncedIds(): Promise<number[]> {
  return (await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id')).map((row) => row.id);
}

async function sourceIds(): Promise<number[]> {
  return (await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id')).rows.map((row) => row.id);
}

async function rangeEvents(): Promise<string[]> {
  const rows = await db.rows<{ range: string }>(
    "SELECT concat(toString(id_from), '-', toString(id_to)) AS range FROM backfill_state WHERE event = 'range' ORDER BY id_from",
  );
  return rows.map((row) => row.range);
}

async function kpiImpressions(): Promise<number> {
  const [row] = await db.rows<{ n: string }>('SELECT toString(sum(impressions)) AS n FROM events_hourly');
  return Number(row?.n ?? 0);
}

describe('backfill', () => {
  it('loads a history in parallel ranges and hands over to the sync with no gap and no double', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 2_500);
    // Act
    const result = await runBackfill(spec, deps(), { parallel: 3, rangeIds: 300 });
    await expectExactlyOnce(db, pool, spec);
    await insertEvents(pool, 'impressions', campaignId, 200);
    const next = await syncResult(db, 'impressions');
    // Assess
    expect(result).toMatchObject({ from: 0, to: 2_500, rangesTotal: 9, rangesCopied: 9, rowsCopied: 2_500 });
    expect(result?.handover).toEqual({ watermarkFrom: 0, watermarkTo: 2_500, safeMark: 2_500, movesSafeMark: true });
    expect(next).toMatchObject({ rowsInserted: 200, watermark: { from: 2_500, to: 2_700 }, safeMark: 2_700 });
    expect(await syncedIds()).toEqual(await sourceIds());
    expect(await kpiImpressions()).toBe(2_700);
  });

  it('skips the scheduled sync while a backfill is open, and resumes without copying a recorded range again', async () => {
    // Prepare: the third range fails, so two are recorded
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    let started = 0;
    const beforeRange = async () => {
      started += 1;
      if (started === 3) throw new Error('crash before the third range');
    };
    // Act
    const crashed = await runBackfill(spec, deps(), { rangeIds: 200, beforeRange }).catch((error: unknown) => error);
    const whileOpen = await syncOnce(db, 'impressions');
    const resumed = await runBackfill(spec, deps(), { rangeIds: 200 });
    const after = await syncResult(db, 'impressions');
    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(whileOpen).toEqual({ table: 'impressions', skipped: 'backfill' });
    expect(resumed).toMatchObject({ resumed: true, rangesTotal: 5, rangesCopied: 3, rowsCopied: 600 });
    expect(await rangeEvents()).toEqual(['0-200', '200-400', '400-600', '600-800', '800-1000']);
    expect(after).toMatchObject({ rowsInserted: 0, safeMark: 1_000 });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('refuses to plan while a transaction that may still commit an id below its end is open, and waits for one that ends', async () => {
    // Prepare: id 51 is inserted by a transaction still open while 1..50 and 52..100 are committed
    await insertEvents(pool, 'impressions', campaignId, 50);
    const late = await connect();
    await late.query('BEGIN');
    await late.query("INSERT INTO impressions (campaign_id, created_at) VALUES ($1, '2026-11-20 10:00:00')", [
      campaignId,
    ]);
    await insertEvents(pool, 'impressions', campaignId, 49);
    // Act
    const refused = await runBackfill(spec, deps(), { waitWritersMs: 300 }).catch((error: unknown) => error);
    const notFenced = await syncOnce(db, 'impressions');
    const waiting = runBackfill(spec, deps(), { waitWritersMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await late.query('COMMIT');
    const result = await waiting;
    // Assess
    expect((refused as Error).cause).toBeInstanceOf(WritersOpenError);
    expect(notFenced).toMatchObject({ mode: 'incremental', safeMark: 0 });
    expect(result?.handover).toMatchObject({ safeMark: 100 });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('leaves the safe mark to the sync when --from-id starts above it, and the sync fills in below', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    // Act
    const result = await runBackfill(spec, deps(), { fromId: 600, rangeIds: 200 });
    const loaded = (await syncedIds()).length;
    const next = await syncResult(db, 'impressions');
    // Assess
    expect(result?.handover).toEqual({ watermarkFrom: 600, watermarkTo: 1_000, safeMark: 0, movesSafeMark: false });
    expect(loaded).toBe(400);
    expect(next).toMatchObject({ rowsInserted: 600, safeMark: 1_000 });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('hands over at --to-id below the highest id, and the sync continues from there', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    // Act
    const result = await runBackfill(spec, deps(), { toId: 700, parallel: 2, rangeIds: 100 });
    const next = await syncResult(db, 'impressions');
    // Assess
    expect(result?.handover).toMatchObject({ watermarkTo: 700, safeMark: 700 });
    expect(next).toMatchObject({ rowsInserted: 300, watermark: { from: 700, to: 1_000 } });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('hands over through the function invoked several times at once, each copying ranges while its time allows', async () => {
    // Prepare: 30 s left is all margin, so each invocation copies one range
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
    const handler = backfillHandler();
    const invoke = () =>
      handler({ table: 'impressions', rangeIds: 100 }, lambdaContext({ getRemainingTimeInMillis: () => 30_000 }));
    // Act
    const lines = await captureLogLines(async () => {
      for (let round = 0; round < 10; round++) {
        const results = await Promise.all([invoke(), invoke()]);
        if (results.some((result) => result?.handover)) break;
      }
    });
    // Assess
    expect(lines.filter((line) => line.message === 'backfill handed over')).toHaveLength(1);
    expect(lines.every((line) => line.level === 'INFO')).toBe(true);
    expect(await rangeEvents()).toHaveLength(10);
    expect(new Set(await rangeEvents()).size).toBe(10);
    expect(await syncedIds()).toEqual(await sourceIds());
    expect(await kpiImpressions()).toBe(1_000);
  });
});

describe('npm run backfill', () => {
  it('prints progress and one summary line, and the table is exact', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase };
    // Act
    const output = await waitForExit(
      spawnCli('backfill', ['impressions', '--parallel', '2', '--range-ids', '250'], env),
    );
    // Assess
    expect(output.code).toBe(0);
    expect(output.stderr).toMatch(/\[#+\]\s+100\.0 % {2}4\/4 ranges {2}1,000 rows {2}.* rows\/s {2}ETA 0 s/);
    expect(output.stdout.trim()).toMatch(
      /^\[IMPRESSIONS\] Backfill of \(0, 1000\] done \| 4 ranges, 1000 rows in .* \| handed over to the scheduled sync, safe mark 1000$/,
    );
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('exits 2 naming a bad flag, and 0 with the usage for --help', async () => {
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase };
    const bad = await waitForExit(spawnCli('backfill', ['impressions', '--parallel', '0'], env));
    const missing = await waitForExit(spawnCli('backfill', [], env));
    const help = await waitForExit(spawnCli('backfill', ['--help'], env));
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'error: --parallel must be a positive integer, got "0"']);
    expect(missing.code).toBe(2);
    expect([help.code, help.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^Usage: npm run backfill/)]);
  });
});
