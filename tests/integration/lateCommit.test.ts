import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncResult } from '../helpers/runSyncFor.ts';
import { insertAdvertiser, insertCampaign, insertEvents, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { statementLogNeeded, statementLogSize, statementsSince } from '../helpers/statementLog.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';

const pool = sourcePool();
beforeAll(() => checkExactlyOnceAfterEachRun(pool));
afterAll(() => stopCheckingEachRun());
let db: TestDatabase;
let campaignId: number;
let open: pg.Client[] = [];

beforeEach(async () => {
  await resetSource(pool);
  const advertiser = await insertAdvertiser(pool, 'Advertiser A');
  campaignId = await insertCampaign(pool, advertiser, { name: 'Campaign_1_1', bid: '1.00', budget: '100.00' });
});
afterEach(async () => {
  await Promise.all(open.map((client) => client.end()));
  open = [];
  await db.drop();
});
afterAll(async () => pool.end());

/** A connection of its own, for a transaction that stays open across sync runs. */
async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.PG_URL });
  await client.connect();
  open.push(client);
  return client;
}

/** Begins a transaction on `client` that inserts one impression; returns its id (not yet committed). */
async function beginImpression(client: pg.Client): Promise<number> {
  await client.query('BEGIN');
  const result = await client.query<{ id: number }>(
    "INSERT INTO impressions (campaign_id, created_at) VALUES ($1, '2026-11-20 10:00:00') RETURNING id",
    [campaignId],
  );
  return result.rows[0]?.id ?? Number.NaN;
}

async function impressionState(): Promise<{ rows: string; ids: string; safe_mark: string }> {
  const [row] = await db.rows<{ rows: string; ids: string; safe_mark: string }>(
    `SELECT count() AS rows, uniqExact(id) AS ids,
            (SELECT toString(max(safe_mark)) FROM sync_state WHERE table_name = 'impressions') AS safe_mark
     FROM impressions_raw`,
  );
  if (!row) throw new Error('no row');
  return row;
}

async function sourceIds(): Promise<number[]> {
  const result = await pool.query<{ id: number }>('SELECT id FROM impressions ORDER BY id');
  return result.rows.map((row) => row.id);
}

async function syncedIds(): Promise<number[]> {
  const rows = await db.rows<{ id: number }>('SELECT id FROM impressions_raw ORDER BY id');
  return rows.map((row) => row.id);
}

describe('late commits', () => {
  it('syncs a row whose transaction commits after 100 higher ids were synced', async () => {
    // Prepare
    db = await createTestDatabase();
    const late = await connect();
    const lateId = await beginImpression(late);
    const later = await insertEvents(pool, 'impressions', campaignId, 100);
    // Act
    const first = await syncResult(db, 'impressions');
    await late.query('COMMIT');
    const second = await syncResult(db, 'impressions');
    // Assess
    expect(Math.min(...later)).toBeGreaterThan(lateId);
    expect(first).toMatchObject({ rowsInserted: 100, safeMark: 0, openWriters: 1 });
    expect(second).toMatchObject({ rowsInserted: 1, watermark: { from: 0, to: lateId + 100 }, safeMark: lateId + 100 });
    expect(await impressionState()).toEqual({ rows: '101', ids: '101', safe_mark: String(lateId + 100) });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('leaves no phantom row and still advances the safe mark when that transaction rolls back', async () => {
    // Prepare
    db = await createTestDatabase();
    const late = await connect();
    const lateId = await beginImpression(late);
    await insertEvents(pool, 'impressions', campaignId, 100);
    // Act
    await syncResult(db, 'impressions');
    await late.query('ROLLBACK');
    const second = await syncResult(db, 'impressions');
    const third = await syncResult(db, 'impressions');
    // Assess
    expect(second).toMatchObject({ rowsInserted: 0, safeMark: lateId + 100 });
    expect(third).toMatchObject({ rowsInserted: 0, watermark: { from: lateId + 100, to: lateId + 100 } });
    expect(await impressionState()).toEqual({ rows: '100', ids: '100', safe_mark: String(lateId + 100) });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('syncs a row whose transaction took its id with nextval() long before inserting it', async () => {
    // Prepare: the transaction has an id but no xid yet, so no snapshot lists it; its lock on the sequence does
    db = await createTestDatabase();
    const late = await connect();
    await late.query('BEGIN');
    const taken = await late.query<{ id: string }>("SELECT nextval('impressions_id_seq')::text AS id");
    const lateId = Number(taken.rows[0]?.id);
    await insertEvents(pool, 'impressions', campaignId, 100);
    // Act
    await syncResult(db, 'impressions');
    const whileOpen = await syncResult(db, 'impressions');
    await late.query("INSERT INTO impressions (id, campaign_id, created_at) VALUES ($1, $2, '2026-11-20 10:00:00')", [
      lateId,
      campaignId,
    ]);
    await late.query('COMMIT');
    const afterCommit = await syncResult(db, 'impressions');
    // Assess
    expect(whileOpen).toMatchObject({ rowsInserted: 0, safeMark: 0, openWriters: 1 });
    expect(afterCommit).toMatchObject({ rowsInserted: 1, safeMark: lateId + 100 });
    expect(await syncedIds()).toEqual(await sourceIds());
  });

  it('does not hold the safe mark back for an open transaction that writes only other tables', async () => {
    // Prepare: a writer with an xid (pins PostgreSQL's xmin) that never touches impressions
    db = await createTestDatabase();
    const other = await connect();
    await other.query('BEGIN');
    await other.query("INSERT INTO advertiser (name) VALUES ('Long Running Import')");
    await insertEvents(pool, 'impressions', campaignId, 100);
    // Act
    await syncResult(db, 'impressions');
    const second = await syncResult(db, 'impressions');
    await other.query('ROLLBACK');
    // Assess
    expect(second).toMatchObject({ safeMark: 100, openWriters: 0 });
  });
});

describe('bounded re-read', () => {
  it('re-reads only the ids ClickHouse lacks once the span exceeds MAX_REREAD_IDS, pushed down to PostgreSQL', async (context) => {
    embeddedEnginesOnly(context, statementLogNeeded);
    // Prepare: ids 1..10 committed, 11 (A) and 12 (B) open, 13..300 committed; MAX_REREAD_IDS below the span
    db = await createTestDatabase({ MAX_REREAD_IDS: '50' });
    await insertEvents(pool, 'impressions', campaignId, 10);
    const [holder, late] = [await connect(), await connect()];
    const holderId = await beginImpression(holder);
    const lateId = await beginImpression(late);
    await insertEvents(pool, 'impressions', campaignId, 288);
    const first = await syncResult(db, 'impressions');
    await late.query('COMMIT');
    const logFrom = statementLogSize();
    // Act: A still holds the safe mark at 0; B's row is found as a gap
    const second = await syncResult(db, 'impressions');
    const copies = statementsSince(logFrom).filter((line) =>
      /COPY \(SELECT "id", "campaign_id", "created_at"/.test(line),
    );
    await holder.query('COMMIT');
    const third = await syncResult(db, 'impressions');
    // Assess
    expect([holderId, lateId]).toEqual([11, 12]);
    expect(first).toMatchObject({ rowsInserted: 298, safeMark: 0, rangesRead: 1, openWriters: 2 });
    expect(second).toMatchObject({ rowsInserted: 1, safeMark: 0, rangesRead: 1, rereadIds: 2 });
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/FROM "public"."impressions" WHERE \(\("id" > 10\) AND \("id" <= 12\)\)\) TO STDOUT/);
    expect(third).toMatchObject({ rowsInserted: 1, safeMark: 300, rangesRead: 1, rereadIds: 1 });
    expect(await impressionState()).toEqual({ rows: '300', ids: '300', safe_mark: '300' });
  });
});
