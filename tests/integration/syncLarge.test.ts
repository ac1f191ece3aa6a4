import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeedArgs } from '../../lib/seed/args.ts';
import { runSeedCommand } from '../../lib/seed/run.ts';
import originalCheck from '../../sql/checks/original_check.sql';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncAll, syncResult } from '../helpers/runSyncFor.ts';
import { resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { statementLogNeeded, statementLogSize, statementsSince } from '../helpers/statementLog.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';

const pool = sourcePool();
const databases: TestDatabase[] = [];

async function testDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(env);
  databases.push(db);
  return db;
}

beforeAll(async () => {
  await resetSource(pool);
  const args = parseSeedArgs([
    'batch',
    '--advertisers',
    '10',
    '--campaigns',
    '10',
    '--impressions',
    '10000',
    '--ctr',
    '0.08',
  ]);
  if (!('command' in args)) throw new Error('unexpected help');
  const client = await pool.connect();
  try {
    await runSeedCommand(client, args.command, () => {});
  } finally {
    client.release();
  }
}, 120_000);

afterAll(async () => {
  for (const db of databases) await db.drop();
  await pool.end();
});

describe('large syncs (the original "Test Large Syncs")', () => {
  it('gives the check query exactly 100 campaigns, 10 advertisers, 1,000,000 impressions, 80,000 clicks, then inserts 0 rows on a second sync', async () => {
    // Prepare
    const db = await testDatabase();
    // Act
    const first = await syncAll(db);
    const result = await db.clickhouse.query({ query: originalCheck, format: 'JSONCompactEachRow' });
    const check = await result.json<unknown[]>();
    const second = await syncAll(db);
    // Assess
    expect(first.map((r) => [r.table, r.rowsInserted])).toEqual([
      ['advertiser', 10],
      ['campaign', 100],
      ['impressions', 1_000_000],
      ['clicks', 80_000],
    ]);
    expect(check.map((row) => row.map(Number))).toEqual([[100, 10, 1_000_000, 80_000]]);
    expect(second.filter((r) => r.mode === 'incremental').map((r) => r.rowsInserted)).toEqual([0, 0]);
    const [counts] = await db.rows<{ rows: string; ids: string }>(
      'SELECT count() AS rows, uniqExact(id) AS ids FROM impressions',
    );
    expect(counts).toEqual({ rows: '1000000', ids: '1000000' });
  }, 120_000);

  it('catches up 1,000,000 impressions in exactly 10 runs with MAX_ROWS=100000, reporting more until the last', async () => {
    // Prepare
    const db = await testDatabase({ MAX_ROWS: '100000' });
    const runs: { rows: number; to: number | null; hasMore: boolean }[] = [];
    // Act
    for (let run = 0; run < 12; run++) {
      const result = await syncResult(db, 'impressions');
      runs.push({ rows: result.rowsInserted, to: result.watermark.to, hasMore: result.hasMore });
      if (!result.hasMore) break;
    }
    // Assess
    expect(runs).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ rows: 100_000, to: (i + 1) * 100_000, hasMore: i < 9 })),
    );
    const [counts] = await db.rows<{ rows: string; ids: string }>(
      'SELECT count() AS rows, uniqExact(id) AS ids FROM impressions_raw',
    );
    expect(counts).toEqual({ rows: '1000000', ids: '1000000' });
  }, 120_000);

  it('sends the id window to PostgreSQL: the COPY it receives carries the WHERE clause', async (context) => {
    embeddedEnginesOnly(context, statementLogNeeded);
    // Prepare
    const db = await testDatabase({ MAX_ROWS: '250000' });
    await syncResult(db, 'impressions');
    const logFrom = statementLogSize();
    // Act
    await syncResult(db, 'impressions');
    // Assess
    const copies = statementsSince(logFrom).filter((line) => line.includes('COPY (SELECT "id"'));
    expect(copies.map((line) => line.slice(line.indexOf('COPY')))).toEqual([
      'COPY (SELECT "id", "campaign_id", "created_at" FROM "public"."impressions" WHERE (("id" > 250000) AND ("id" <= 500000))) TO STDOUT',
    ]);
  }, 60_000);
});
