import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyRanges } from '../../lib/sync/copy.ts';
import { readCopyContext } from '../../lib/sync/copyContext.ts';
import { dedupKey } from '../../lib/sync/dedupToken.ts';
import { closeSourceSession, openSourceSession, readSourceSnapshot } from '../../lib/sync/source.ts';
import { readTableState } from '../../lib/sync/state.ts';
import { findTable } from '../../lib/tables/registry.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncIncrementalResult } from '../helpers/runSyncFor.ts';
import { insertEvents, insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const spec = findTable('impressions');
let db: TestDatabase;
let campaignId: number;

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
afterEach(async () => db.drop());

async function counts(): Promise<{ rows: string; ids: string; counted: string }> {
  const [row] = await db.rows<{ rows: string; ids: string; counted: string }>(
    `SELECT toString(count()) AS rows, toString(uniqExact(id)) AS ids,
            (SELECT toString(sum(impressions)) FROM events_hourly) AS counted
     FROM impressions_raw`,
  );
  if (!row) throw new Error('no row');
  return row;
}

/**
 * Runs the same window's INSERT twice at once, as an INSERT orphaned by a killed run and its retry on another replica
 * would (two runs, different query ids, so the per-server guard does not stop the second): PostgreSQL's table lock
 * holds both COPYs until both INSERTs have taken their view of ClickHouse (no id of the window present yet), then
 * lets them write. `tokened`: each carries the token its run computes from the (same) state.
 */
async function insertTwiceAtOnce(tokened: boolean): Promise<void> {
  const session = await openSourceSession(db.config.pgUrl);
  const holder = new pg.Client({ connectionString: process.env.PG_URL });
  await holder.connect();
  try {
    const deps = { clickhouse: db.clickhouse, database: db.config.clickhouseDatabase, runId: 'dedup-test' };
    const context = await readCopyContext(spec, deps, session);
    const snapshot = await readSourceSnapshot(session, spec);
    const state = await readTableState(db.clickhouse, spec, snapshot);
    const basis = { scope: `${deps.database}.${spec.key}`, writers: snapshot.writers, above: state.above };
    const run = (runId: string) => ({
      ...context,
      insertQueryId: `dedup-test-${runId}`,
      ...(tokened ? { dedupKey: dedupKey({ ...basis, nonce: runId }) } : {}),
    });
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE impressions IN ACCESS EXCLUSIVE MODE');
    const window = [{ from: state.marks.safeMark, to: snapshot.maxId ?? 0 }];
    const inserts = [copyRanges(run('orphan'), window), copyRanges(run('retry'), window)];
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await holder.query('COMMIT');
    await Promise.all(inserts);
  } finally {
    await holder.end();
    await closeSourceSession(session);
  }
}

describe('re-applied windows on a single server (chDB)', () => {
  it('keeps one copy of each row when an orphaned INSERT and its retry carry the same token', async () => {
    // Prepare: a first run recorded (the table's epoch), then 1,000 new rows
    await insertEvents(pool, 'impressions', campaignId, 100);
    await syncIncrementalResult(db, 'impressions');
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    // Act
    await insertTwiceAtOnce(true);
    // Assess
    expect(await counts()).toEqual({ rows: '1100', ids: '1100', counted: '1100' });
  });

  it('doubles the rows without the token (what the token prevents)', async () => {
    // Prepare
    await insertEvents(pool, 'impressions', campaignId, 100);
    await syncIncrementalResult(db, 'impressions');
    await insertEvents(pool, 'impressions', campaignId, 1_000);
    // Act
    await insertTwiceAtOnce(false);
    // Assess
    expect(await counts()).toEqual({ rows: '2100', ids: '1100', counted: '2100' });
  });

  it('copies the row a late commit adds to a window that is read again', async () => {
    // Prepare: id 51 is held by an open transaction while 1..50 and 52..100 commit
    await insertEvents(pool, 'impressions', campaignId, 50);
    const late = new pg.Client({ connectionString: process.env.PG_URL });
    await late.connect();
    try {
      await late.query('BEGIN');
      await late.query("INSERT INTO impressions (campaign_id, created_at) VALUES ($1, '2026-11-20 10:00:00')", [
        campaignId,
      ]);
      await insertEvents(pool, 'impressions', campaignId, 49);
      // Act
      const first = await syncIncrementalResult(db, 'impressions');
      const idle = await syncIncrementalResult(db, 'impressions');
      await late.query('COMMIT');
      const second = await syncIncrementalResult(db, 'impressions');
      // Assess
      expect(first).toMatchObject({ rowsInserted: 99, safeMark: 0, watermark: { from: 0, to: 100 } });
      expect(idle).toMatchObject({ rowsInserted: 0, safeMark: 0, watermark: { from: 0, to: 100 } });
      expect(second).toMatchObject({ rowsInserted: 1, safeMark: 100, watermark: { from: 0, to: 100 } });
      expect(await counts()).toEqual({ rows: '100', ids: '100', counted: '100' });
    } finally {
      await late.end();
    }
  });

  it('loses no row when a window refused after some of its blocks landed is copied again after the quarantine', async () => {
    // Prepare: 1,000 rows, one ClickHouse cannot store (id 601), small insert blocks so that blocks of rows before it
    // are written before the refusal; the retry then writes other rows in blocks numbered as the first attempt's
    await insertEvents(pool, 'impressions', campaignId, 600);
    await pool.query("INSERT INTO impressions (campaign_id, created_at) VALUES ($1, 'infinity')", [campaignId]);
    await insertEvents(pool, 'impressions', campaignId, 399);
    const session = await openSourceSession(db.config.pgUrl);
    try {
      const deps = { clickhouse: db.clickhouse, database: db.config.clickhouseDatabase, runId: 'dedup-test' };
      const context = await readCopyContext(spec, deps, session);
      const snapshot = await readSourceSnapshot(session, spec);
      const state = await readTableState(db.clickhouse, spec, snapshot);
      const basis = { scope: `${deps.database}.${spec.key}`, writers: snapshot.writers, above: state.above };
      const blocks = { max_block_size: 100, min_insert_block_size_rows: 100, min_insert_block_size_bytes: 0 };
      const run = { ...context, dedupKey: dedupKey({ ...basis, nonce: 'run' }), settings: blocks };
      // Act
      const copied = await copyRanges(run, [{ from: 0, to: snapshot.maxId ?? 0 }]);
      // Assess
      const [rejected] = await db.rows<{ ids: string }>(
        'SELECT toString(groupArray(id)) AS ids FROM impressions_raw_rejected',
      );
      expect(copied).toEqual({ refused: true });
      expect(rejected?.ids).toBe('[601]');
      expect(await counts()).toEqual({ rows: '999', ids: '999', counted: '999' });
    } finally {
      await closeSourceSession(session);
    }
  });

  it('gives the incremental copies a deduplication window', async () => {
    const [row] = await db.rows<{ create: string }>(
      "SELECT create_table_query AS create FROM system.tables WHERE database = currentDatabase() AND name = 'impressions_raw'",
    );
    expect(row?.create).toMatch(/non_replicated_deduplication_window = 1000/);
  });
});
