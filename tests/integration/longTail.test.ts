// Issue 9 §2: the late-commit machinery never starves and never lets a prepared transaction slip; ids at or below 0
// and sequence jumps are handled like any other id.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findTable } from '../../lib/tables/registry.ts';
import { verifyTables } from '../../lib/verify/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { expectExactlyOnce } from '../helpers/exactlyOnce.ts';
import { createExtraTable } from '../helpers/extraTable.ts';
import {
  checkExactlyOnceAfterEachRun,
  stopCheckingEachRun,
  syncIncrementalResult,
  syncResult,
} from '../helpers/runSyncFor.ts';
import { startScratchPostgres } from '../helpers/scratchPostgres.ts';
import { insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';

const pool = sourcePool();
let open: pg.Client[] = [];

beforeAll(() => checkExactlyOnceAfterEachRun(pool));
afterEach(async () => {
  await Promise.all(open.map((client) => client.end().catch(() => {})));
  open = [];
});
afterAll(async () => {
  stopCheckingEachRun();
  await pool.end();
});

async function connect(url = process.env.PG_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  open.push(client);
  return client;
}

describe('permanent holes', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    await resetSource(pool);
    db = await createTestDatabase({ MAX_REREAD_IDS: '10' });
  });
  afterEach(async () => db.drop());

  it('delivers a row committed late above 100 holes left by rollbacks on the next run, while a long writer stays open', async () => {
    // Prepare: a long writer holds id 1 open; 100 rolled-back ids (the old re-read budget was 16 ranges), 1,001 committed rows apart (too far apart to be
    // read as one range: each is a gap of its own)
    const campaign = await insertOneCampaign(pool);
    const insert = 'INSERT INTO impressions (campaign_id) VALUES ($1) RETURNING id';
    const long = await connect();
    await long.query('BEGIN');
    await long.query(insert, [campaign]);
    const rollbacks = await connect();
    for (let hole = 0; hole < 100; hole++) {
      await pool.query('INSERT INTO impressions (campaign_id) SELECT $1 FROM generate_series(1, 1001)', [campaign]);
      await rollbacks.query('BEGIN');
      await rollbacks.query(insert, [campaign]);
      await rollbacks.query('ROLLBACK');
    }
    const late = await connect();
    await late.query('BEGIN');
    const lateId = (await late.query<{ id: number }>(insert, [campaign])).rows[0]?.id;
    await pool.query(`INSERT INTO impressions (campaign_id) SELECT $1 FROM generate_series(1, 5)`, [campaign]);
    await syncIncrementalResult(db, 'impressions');
    await syncIncrementalResult(db, 'impressions');
    // Act: the late row commits; the long writer is still open
    await late.query('COMMIT');
    const next = await syncIncrementalResult(db, 'impressions');
    // Assess
    expect(next).toMatchObject({ rowsInserted: 1, safeMark: 0, openWriters: 1 });
    const [copied] = await db.rows<{ found: string }>(
      'SELECT toString(count()) AS found FROM impressions_raw WHERE id = {id:Int64}',
      { id: lateId },
    );
    expect(copied?.found).toBe('1');
    await long.query('COMMIT');
    const after = await syncIncrementalResult(db, 'impressions');
    expect(after).toMatchObject({ rowsInserted: 1, safeMark: 1 + 100 * 1002 + 1 + 5 });
  });
});

describe('prepared transactions', () => {
  it('holds the safe mark back for a prepared transaction across a PostgreSQL restart, then copies its row on COMMIT PREPARED', async (context) => {
    embeddedEnginesOnly(context, 'needs a PostgreSQL of its own to restart, with max_prepared_transactions set');
    // Prepare: a PostgreSQL of this test's own allowing two-phase commit
    const scratch = await startScratchPostgres({ max_prepared_transactions: '10' });
    const scratchPool = new pg.Pool({ connectionString: scratch.url });
    scratchPool.on('error', () => {});
    const db = await createTestDatabase({ PG_URL: scratch.url, PG_URL_FOR_CLICKHOUSE: scratch.url });
    stopCheckingEachRun();
    try {
      const campaign = await insertOneCampaign(scratchPool);
      const insert = 'INSERT INTO impressions (campaign_id) SELECT $1 FROM generate_series(1, $2::int)';
      await scratchPool.query(insert, [campaign, 10]);
      const prepared = await connect(scratch.url);
      await prepared.query('BEGIN');
      await prepared.query('INSERT INTO impressions (campaign_id) VALUES ($1)', [campaign]);
      await prepared.query("PREPARE TRANSACTION 'pg2ch-test'");
      await scratchPool.query(insert, [campaign, 5]);
      // Act
      const before = await syncIncrementalResult(db, 'impressions');
      await scratch.stop();
      await scratch.restart();
      const afterRestart = await syncIncrementalResult(db, 'impressions');
      await scratchPool.query("COMMIT PREPARED 'pg2ch-test'");
      const afterCommit = await syncIncrementalResult(db, 'impressions');
      // Assess
      expect(before).toMatchObject({ rowsInserted: 15, safeMark: 0, openWriters: 1 });
      expect(afterRestart).toMatchObject({ rowsInserted: 0, safeMark: 0, openWriters: 1 });
      expect(afterCommit).toMatchObject({ rowsInserted: 1, safeMark: 16 });
      expect(await expectExactlyOnce(db, scratchPool, findTable('impressions'))).toBe(16);
    } finally {
      checkExactlyOnceAfterEachRun(pool);
      await scratchPool.query("ROLLBACK PREPARED 'pg2ch-test'").catch(() => {});
      await scratchPool.end();
      await db.drop();
      await scratch.remove();
    }
  });
});

describe('ids at or below 0 and id jumps', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ MAX_ROWS: '1000' });
  });
  afterEach(async () => {
    await db.drop();
    await pool.query('DROP TABLE IF EXISTS signed_events, jumping_events');
    await pool.query('DROP SEQUENCE IF EXISTS signed_events_id');
  });

  it('syncs and verifies ids at or below 0, explicit ones and from a sequence that starts negative', async () => {
    // Prepare
    await pool.query('CREATE SEQUENCE signed_events_id START -50 MINVALUE -1000');
    const spec = await createExtraTable(
      pool,
      db,
      'signed_events',
      "id bigint PRIMARY KEY DEFAULT nextval('signed_events_id'), v int",
    );
    await pool.query('INSERT INTO signed_events (id, v) SELECT g, g FROM generate_series(-200, -190) g');
    await pool.query('INSERT INTO signed_events (v) SELECT g FROM generate_series(1, 100) g');
    // Act
    const first = await syncIncrementalResult(db, spec);
    await pool.query('INSERT INTO signed_events (v) SELECT g FROM generate_series(1, 10) g');
    const second = await syncIncrementalResult(db, spec);
    const report = await verifyTables([spec], { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl });
    // Assess: ids -200..-190, then -50..49, then 50..59
    expect(first).toMatchObject({ rowsInserted: 111, watermark: { from: -201, to: 49 }, safeMark: 49 });
    expect(second).toMatchObject({ rowsInserted: 10, safeMark: 59 });
    expect(report.tables[0]).toMatchObject({
      idFrom: -201,
      idTo: 59,
      postgresRows: 121,
      clickhouseRows: 121,
      driftRows: 0,
    });
  });

  it('crosses a sequence jump to two billion in one run instead of stepping through empty windows', async () => {
    // Prepare: MAX_ROWS=1000, 100 ids, then a jump past 2^31
    const spec = await createExtraTable(pool, db, 'jumping_events', 'id bigserial PRIMARY KEY, v int');
    await pool.query('INSERT INTO jumping_events (v) SELECT g FROM generate_series(1, 100) g');
    await syncResult(db, spec);
    await pool.query("SELECT setval('jumping_events_id_seq', 2000000000)");
    await pool.query('INSERT INTO jumping_events (v) SELECT g FROM generate_series(1, 100) g');
    // Act
    const crossing = await syncIncrementalResult(db, spec);
    const settled = await syncIncrementalResult(db, spec);
    // Assess
    expect(crossing).toMatchObject({ rowsInserted: 100, hasMore: false, safeMark: 2_000_000_100 });
    expect(settled).toMatchObject({ rowsInserted: 0, hasMore: false });
    const [range] = await db.rows<{ rows: string; top: string }>(
      'SELECT toString(count()) AS rows, toString(max(id)) AS top FROM jumping_events',
    );
    expect(range).toEqual({ rows: '200', top: '2000000100' });
  });
});
