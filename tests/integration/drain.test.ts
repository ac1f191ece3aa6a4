import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncHandler } from '../../lib/lambda/sync.ts';
import { unlimitedBudget } from '../../lib/sync/budget.ts';
import { findTable } from '../../lib/tables/registry.ts';
import { spawnCli, waitForExit } from '../helpers/childProcess.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { expectExactlyOnce } from '../helpers/exactlyOnce.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncIncrementalResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
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
  db = await createTestDatabase({ MAX_ROWS: '100' });
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  process.env.MAX_ROWS = '100';
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await Promise.all(open.map((client) => client.end()));
  open = [];
  await db.drop();
});

async function runs(): Promise<{ watermark_to: string; safe_mark: string; rows: string }[]> {
  return db.rows(
    "SELECT toString(watermark_to) AS watermark_to, toString(safe_mark) AS safe_mark, toString(rows) AS rows FROM sync_state WHERE table_name = 'impressions' ORDER BY finished_at, watermark_to",
  );
}

async function syncedIds(): Promise<number[]> {
  return (await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id')).map((row) => row.id);
}

async function sourceIds(): Promise<number[]> {
  return (await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id')).rows.map((row) => row.id);
}

describe('several windows in one invocation', () => {
  it('drains a backlog of five windows in one handler invocation, recording each window, with one log line', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 450);
    const handler = syncHandler('impressions');
    let result: unknown;
    // Act
    const lines = await captureLogLines(async () => {
      result = await handler({}, lambdaContext({ getRemainingTimeInMillis: () => 300_000 }));
    });
    // Assess
    expect(result).toMatchObject({ rowsInserted: 450, windows: 5, watermark: { from: 0, to: 450 }, hasMore: false });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'sync finished', rows: 450, windows: 5, watermark_to: 450 });
    expect((await runs()).map((run) => [run.watermark_to, run.rows])).toEqual([
      ['100', '100'],
      ['200', '100'],
      ['300', '100'],
      ['400', '100'],
      ['450', '50'],
    ]);
    expect(await expectExactlyOnce(db, pool, findTable('impressions'))).toBe(450);
  });

  it('starts no further window when the time left is below the safety margin', async () => {
    // Prepare: 30 s left, all of it the margin: a second window would need twice the first one's time beyond it
    await insertEvents(pool, 'impressions', campaignId, 450);
    const handler = syncHandler('impressions');
    let remaining = 30_000;
    // Act
    const first = await captureLogLines(() =>
      handler({}, lambdaContext({ getRemainingTimeInMillis: () => remaining })),
    );
    remaining = 300_000;
    const second = await captureLogLines(() =>
      handler({}, lambdaContext({ getRemainingTimeInMillis: () => remaining })),
    );
    // Assess
    expect(first[0]).toMatchObject({ rows: 100, windows: 1, has_more: true });
    expect(second[0]).toMatchObject({ rows: 350, windows: 4, has_more: false });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('keeps the windows before a failing one, and the next invocation ends exact', async () => {
    // Prepare: the third window fails after its INSERT, before its state row
    await insertEvents(pool, 'impressions', campaignId, 450);
    let inserts = 0;
    const afterInsert = async () => {
      inserts += 1;
      if (inserts === 3) throw new Error('killed after the third window INSERT');
    };
    // Act
    const failed = await syncIncrementalResult(db, 'impressions', { budget: unlimitedBudget, afterInsert }).catch(
      (error: unknown) => error,
    );
    const recorded = await runs();
    const next = await syncIncrementalResult(db, 'impressions', { budget: unlimitedBudget });
    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(recorded.map((run) => run.watermark_to)).toEqual(['100', '200']);
    expect(next).toMatchObject({ rowsInserted: 150, windows: 3, watermark: { from: 200, to: 450 } });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('keeps every window a late commit spans unsafe until it is copied', async () => {
    // Prepare: a transaction holds id 51 open while 450 more ids commit
    await insertEvents(pool, 'impressions', campaignId, 50);
    const late = new pg.Client({ connectionString: process.env.PG_URL });
    await late.connect();
    open.push(late);
    await late.query('BEGIN');
    await late.query("INSERT INTO impressions (campaign_id, created_at) VALUES ($1, '2026-11-20 10:00:00')", [
      campaignId,
    ]);
    await insertEvents(pool, 'impressions', campaignId, 400);
    // Act
    const whileOpen = await syncIncrementalResult(db, 'impressions', { budget: unlimitedBudget });
    const recorded = await runs();
    await late.query('COMMIT');
    const afterCommit = await syncIncrementalResult(db, 'impressions', { budget: unlimitedBudget });
    // Assess
    expect(whileOpen).toMatchObject({ rowsInserted: 450, windows: 5, safeMark: 0, openWriters: 1 });
    expect(recorded.map((run) => [run.watermark_to, run.safe_mark, run.rows])).toEqual([
      ['100', '0', '99'],
      ['200', '0', '100'],
      ['300', '0', '100'],
      ['400', '0', '100'],
      ['451', '0', '51'],
    ]);
    expect(afterCommit).toMatchObject({ rowsInserted: 1, safeMark: 451, hasMore: false });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('loses nothing when `npm run sync -- --until-done` is SIGKILLed between windows', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 2_000);
    const env = { CLICKHOUSE_DATABASE: db.config.clickhouseDatabase, MAX_ROWS: '100' };
    const child = spawnCli('sync', ['impressions', '--until-done'], env);
    const exit = waitForExit(child);
    // Act: kill once a few windows are recorded
    while ((await runs()).length < 3 && child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    const killed = await exit;
    const recorded = (await runs()).length;
    await expectExactlyOnce(db, pool, findTable('impressions'));
    const rest = await syncIncrementalResult(db, 'impressions', { budget: unlimitedBudget });
    // Assess
    expect(killed.code).toBeNull();
    expect(recorded).toBeGreaterThanOrEqual(3);
    expect(recorded).toBeLessThan(20);
    expect(rest.hasMore).toBe(false);
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('prints one line per table for `npm run sync -- --until-done`, naming the windows', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 250);
    // Act
    const output = await waitForExit(
      spawnCli('sync', ['impressions', '--until-done'], {
        CLICKHOUSE_DATABASE: db.config.clickhouseDatabase,
        MAX_ROWS: '100',
      }),
    );
    // Assess
    expect(output.code).toBe(0);
    expect(output.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^\[IMPRESSIONS\] Data sync completed successfully \| 250 rows inserted \| .* \| 3 windows$/,
      ),
    ]);
  });
});
