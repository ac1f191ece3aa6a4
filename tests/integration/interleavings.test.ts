import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import {
  checkExactlyOnceAfterEachRun,
  stopCheckingEachRun,
  syncIncrementalResult,
  syncResult,
} from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { RunCounter, random, startWriters } from '../helpers/writers.ts';

const pool = sourcePool();
beforeAll(() => checkExactlyOnceAfterEachRun(pool));
afterAll(() => stopCheckingEachRun());
let db: TestDatabase;
let campaignId: number;

beforeEach(async () => {
  await resetSource(pool);
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  campaignId = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
});
afterEach(async () => db.drop());
afterAll(async () => pool.end());

/** Runs 8 writers while the sync runs `runs` times, then syncs until the safe mark reaches PostgreSQL's max id. */
async function interleave(seed: number, runs: number): Promise<{ source: number[]; synced: number[]; copies: string }> {
  const counter = new RunCounter();
  const next = random(seed);
  const writers = startWriters(counter, campaignId, 8, seed);
  for (let run = 0; run < runs; run++) {
    await syncResult(db, 'impressions');
    counter.finished();
    if (next(4) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  counter.stop();
  await writers;
  const maxId = Number(
    (await pool.query<{ m: string }>('SELECT coalesce(max(id), 0)::text AS m FROM impressions')).rows[0]?.m,
  );
  for (let settle = 0; settle < 20; settle++) {
    const result = await syncIncrementalResult(db, 'impressions');
    if (result.safeMark === maxId && !result.hasMore) break;
  }
  const source = (await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id')).rows.map((row) => row.id);
  const synced = (await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id')).map((row) => row.id);
  const [copies] = await db.rows<{ n: string }>('SELECT toString(count() - uniqExact(id)) AS n FROM impressions_raw');
  return { source, synced, copies: copies?.n ?? '?' };
}

describe('many interleavings', () => {
  it('ends with exactly the ids of PostgreSQL after 8 writers and 32 runs, re-reading windows whole', async () => {
    // Prepare
    db = await createTestDatabase();
    // Act
    const { source, synced, copies } = await interleave(5, 32);
    // Assess
    expect(source.length).toBeGreaterThan(200);
    expect(copies).toBe('0');
    expect(synced).toEqual(source);
  });

  it('ends with exactly the ids of PostgreSQL when runs are capped and re-read only gaps', async () => {
    // Prepare: windows wider than 20 ids re-read gaps only; at most 40 new ids per run
    db = await createTestDatabase({ MAX_REREAD_IDS: '20', MAX_ROWS: '40' });
    // Act
    const { source, synced, copies } = await interleave(11, 32);
    // Assess
    expect(source.length).toBeGreaterThan(200);
    expect(copies).toBe('0');
    expect(synced).toEqual(source);
  });
});
