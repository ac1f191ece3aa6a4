import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncHandler } from '../../lib/lambda/sync.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { lambdaContext } from '../helpers/lambdaContext.ts';
import { captureLogLines } from '../helpers/logLines.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const savedEnv = { ...process.env };
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  process.env.CLICKHOUSE_DATABASE = db.config.clickhouseDatabase;
  campaignId = await insertOneCampaign(pool);
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await db.drop();
});
afterAll(async () => pool.end());

/** Backend pids of pg2ch's coordination sessions now open. */
async function coordinationSessions(): Promise<number[]> {
  const result = await pool.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = 'pg2ch' AND datname = current_database() ORDER BY pid",
  );
  return result.rows.map((row) => row.pid);
}

describe('coordination sessions of a warm function instance', () => {
  it('reuses the session of the previous run, and connects afresh when that session died meanwhile', async () => {
    // Prepare
    const handler = syncHandler('impressions');
    const invoke = () => captureLogLines(() => handler({}, lambdaContext()));
    await insertEvents(pool, 'impressions', campaignId, 10);
    // Act
    await invoke();
    const afterFirst = await coordinationSessions();
    await insertEvents(pool, 'impressions', campaignId, 10);
    const second = await invoke();
    const afterSecond = await coordinationSessions();
    await pool.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [afterSecond]);
    await insertEvents(pool, 'impressions', campaignId, 10);
    const third = await invoke();
    const afterThird = await coordinationSessions();
    // Assess
    expect(afterFirst).toHaveLength(1);
    expect(afterSecond).toEqual(afterFirst);
    expect(second[0]).toMatchObject({ message: 'sync finished', rows: 10 });
    expect(third[0]).toMatchObject({ message: 'sync finished', rows: 10 });
    expect(afterThird).toHaveLength(1);
    expect(afterThird).not.toEqual(afterFirst);
    const locks = await pool.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'");
    expect(locks.rows[0]?.n).toBe(0);
  });
});
