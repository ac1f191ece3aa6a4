import { randomUUID } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readerUrl } from '../../lib/local/stack.ts';
import { migratePostgres } from '../../lib/migrate/postgres.ts';
import { migrateTables } from '../../lib/migrate/tables.ts';
import { parseRegistry } from '../../lib/tables/registry.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { syncResult } from '../helpers/runSyncFor.ts';
import { resetSource, sourcePool } from '../helpers/seedPostgres.ts';
import { embeddedEnginesOnly } from '../helpers/testEngines.ts';

const pool = sourcePool();
let databases: TestDatabase[] = [];

afterEach(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  databases = [];
});
afterAll(async () => pool.end());

async function testDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(env);
  databases.push(db);
  return db;
}

/** Syncs all four tables twice (the second run of each incremental table releases the first one's window). */
async function syncTwice(db: TestDatabase, extra = {}): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const key of ['advertiser', 'campaign', 'impressions', 'clicks'] as const) await syncResult(db, key, extra);
  }
}

// Every column as text, rendered the same way on both sides.
const timestamp = (column: string) => `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS.US')`;
const sourceQueries = {
  advertiser: `SELECT id, name, ${timestamp('updated_at')} AS updated_at, ${timestamp('created_at')} AS created_at FROM advertiser ORDER BY id`,
  campaign: `SELECT id, name, bid::text AS bid, budget::text AS budget, start_date::text AS start_date, end_date::text AS end_date,
               advertiser_id, ${timestamp('updated_at')} AS updated_at, ${timestamp('created_at')} AS created_at FROM campaign ORDER BY id`,
  impressions: `SELECT id, campaign_id, ${timestamp('created_at')} AS created_at FROM impressions ORDER BY id`,
  clicks: `SELECT id, campaign_id, ${timestamp('created_at')} AS created_at FROM clicks ORDER BY id`,
};
const syncedQueries = {
  advertiser:
    'SELECT id, name, toString(updated_at) AS updated_at, toString(created_at) AS created_at FROM advertiser ORDER BY id',
  campaign: `SELECT id, name, toDecimalString(bid, 2) AS bid, toDecimalString(budget, 2) AS budget, toString(start_date) AS start_date,
               toString(end_date) AS end_date, advertiser_id, toString(updated_at) AS updated_at, toString(created_at) AS created_at
             FROM campaign ORDER BY id`,
  impressions: 'SELECT id, campaign_id, toString(created_at) AS created_at FROM impressions_raw ORDER BY id',
  clicks: 'SELECT id, campaign_id, toString(created_at) AS created_at FROM clicks_raw ORDER BY id',
};

/** Reads all four tables on both sides; values compare as text. */
async function bothSides(source: pg.Pool | pg.Client, db: TestDatabase) {
  const result: Record<string, { source: unknown[]; synced: unknown[] }> = {};
  for (const key of ['advertiser', 'campaign', 'impressions', 'clicks'] as const) {
    const sourceRows = (await source.query(sourceQueries[key])).rows;
    result[key] = { source: sourceRows, synced: await db.rows(syncedQueries[key]) };
  }
  return result;
}

const oddNames = [
  `quote ' double " backslash \\ end`,
  'tab\there, newline\nthere, crlf\r\nend',
  'emoji 🎉 family 👩‍👩‍👧 and 中文 ünïcödé',
  '',
  'x'.repeat(255),
];

async function seedOddRows(client: pg.Pool | pg.Client): Promise<void> {
  for (const name of oddNames)
    await client.query('INSERT INTO advertiser (name, updated_at) VALUES ($1, NULL)', [name]);
  await client.query(
    `INSERT INTO campaign (name, bid, budget, start_date, end_date, advertiser_id, updated_at, created_at) VALUES
       ($1, 99999999.99, 99999999.99, '1970-01-01', '2100-12-31', 1, '1970-01-01 00:00:00', '2100-12-31 23:59:59.999999'),
       ($2, 0.01, -99999999.99, NULL, NULL, NULL, NULL, NULL)`,
    [oddNames[1], oddNames[2]],
  );
  for (const table of ['impressions', 'clicks']) {
    await client.query(
      `INSERT INTO ${table} (campaign_id, created_at) VALUES
         (NULL, '1970-01-01 00:00:00'), (1, '2100-12-31 23:59:59.999999'), (NULL, '1969-12-31 23:59:59.999999'),
         (2, '2026-03-08 02:30:00.000001'), (2, '2026-11-01 01:30:00'), (NULL, NULL), (1, DEFAULT)`,
    );
  }
}

describe('odd data', () => {
  beforeEach(async () => resetSource(pool));

  it('syncs NULL campaign ids, edge timestamps, odd names and the largest numeric(10,2) values exactly', async () => {
    // Prepare
    const db = await testDatabase();
    await seedOddRows(pool);
    // Act
    await syncTwice(db);
    const sides = await bothSides(pool, db);
    // Assess
    for (const { source, synced } of Object.values(sides)) expect(synced).toEqual(source);
    expect(sides.advertiser?.synced.map((row) => (row as { name: string }).name)).toEqual(oddNames);
    expect(sides.campaign?.synced[0]).toMatchObject({
      bid: '99999999.99',
      budget: '99999999.99',
      start_date: '1970-01-01',
    });
    expect(sides.impressions?.synced.slice(0, 3)).toEqual([
      { id: 1, campaign_id: null, created_at: '1970-01-01 00:00:00.000000' },
      { id: 2, campaign_id: 1, created_at: '2100-12-31 23:59:59.999999' },
      { id: 3, campaign_id: null, created_at: '1969-12-31 23:59:59.999999' },
    ]);
  });
});

describe('time zones', () => {
  const database = `pg2ch_test_tz_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let url = '';
  let source: pg.Client;

  beforeEach(async () => {
    // A scratch database whose TimeZone is America/New_York; the seeding session runs in that zone too
    await pool.query(`CREATE DATABASE ${database}`);
    await pool.query(`ALTER DATABASE ${database} SET timezone = 'America/New_York'`);
    const parsed = new URL(process.env.PG_URL ?? '');
    parsed.pathname = `/${database}`;
    url = parsed.toString();
    await migratePostgres(url);
    source = new pg.Client({ connectionString: url });
    await source.connect();
    await seedOddRows(source);
  });
  afterEach(async () => {
    await source.end();
    await pool.query(`DROP DATABASE ${database} WITH (FORCE)`);
  });

  it('copies timestamps exactly when ClickHouse reads a New York database as a role without a zone setting', async () => {
    // Prepare: the superuser has no role-level TimeZone, so its sessions run in New York time
    const db = await testDatabase({ PG_URL: url, PG_URL_FOR_CLICKHOUSE: url });
    const zone = await source.query<{ zone: string }>('SELECT current_setting($1) AS zone', ['TimeZone']);
    // Act
    await syncTwice(db);
    const sides = await bothSides(source, db);
    // Assess
    expect(zone.rows[0]?.zone).toBe('America/New_York');
    for (const { source: expected, synced } of Object.values(sides)) expect(synced).toEqual(expected);
  });

  it('copies timestamptz values exactly, to the second of their offset, when the PostgreSQL session runs in New York (ClickHouse issue 89128)', async () => {
    // Prepare: a timestamptz table in the New York database, read by a role without a zone setting: PostgreSQL sends
    // New York local times with their offsets (-05, -04, and the local mean time -04:56:02 of 1900)
    const db = await testDatabase({ PG_URL: url, PG_URL_FOR_CLICKHOUSE: url });
    await source.query('CREATE TABLE zoned_events (id serial PRIMARY KEY, at timestamptz, day date)');
    await source.query(
      `INSERT INTO zoned_events (at, day) VALUES
         ('2026-03-08 06:59:59.999999+00', '2026-03-08'), ('2026-03-08 07:00:00+00', NULL),
         ('2026-11-01 05:30:00+00', '1900-01-01'), ('2026-11-01 06:30:00+00', '2299-12-31'),
         ('1900-06-01 12:00:00+00', NULL), (NULL, NULL)`,
    );
    const [spec] = parseRegistry({
      tables: { zoned_events: { mode: 'incremental', idColumn: 'id', schedule: 'rate(1 minute)' } },
    });
    if (!spec) throw new Error('no spec');
    await migrateTables(db, url, [spec]);
    // Act
    const result = await syncResult(db, spec);
    // Assess
    const expected = await source.query(
      `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at, day::text AS day FROM zoned_events ORDER BY id`,
    );
    const synced = await db.rows('SELECT id, toString(at) AS at, toString(day) AS day FROM zoned_events ORDER BY id');
    expect(result).toMatchObject({ rowsInserted: 6, rowsRejected: 0 });
    expect(synced).toEqual(expected.rows);
    expect(synced[4]).toEqual({ id: 5, at: '1900-06-01 12:00:00.000000', day: null });
  });

  it('copies timestamps exactly through pg2ch_reader and a ClickHouse client whose default zone is not UTC', async (context) => {
    embeddedEnginesOnly(
      context,
      'pg2ch_reader logs in only on the embedded PostgreSQL (npm run stack sets its password)',
    );
    // Prepare: the sync's own session_timezone setting must win over the client's (or server's) default
    const db = await testDatabase({ PG_URL: url, PG_URL_FOR_CLICKHOUSE: readerUrl(url) });
    const newYorkClient = createClient({
      url: db.config.clickhouseUrl,
      database: db.config.clickhouseDatabase,
      clickhouse_settings: { session_timezone: 'America/New_York', wait_end_of_query: 1 },
    });
    // Act
    await syncTwice(db, { clickhouse: newYorkClient });
    await newYorkClient.close();
    const sides = await bothSides(source, db);
    // Assess
    for (const { source: expected, synced } of Object.values(sides)) expect(synced).toEqual(expected);
  });
});
