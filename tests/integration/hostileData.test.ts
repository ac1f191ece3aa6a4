// Issue 9 §1: one bad batch never halts a table. Values ClickHouse cannot store are quarantined (never stored wrong),
// a window spanning centuries inserts at once, and a row refused for an unforeseen reason is isolated by splitting.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkKpiAggregates } from '../../lib/kpi/repair.ts';
import type { TableSpec } from '../../lib/tables/registry.ts';
import { verifyTables } from '../../lib/verify/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { createExtraTable } from '../helpers/extraTable.ts';
import { checkExactlyOnceAfterEachRun, stopCheckingEachRun, syncIncrementalResult } from '../helpers/runSyncFor.ts';
import { insertOneCampaign, resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;

beforeAll(() => checkExactlyOnceAfterEachRun(pool));
beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
  await pool.query('DROP TABLE IF EXISTS hostile_events');
});
afterAll(async () => {
  stopCheckingEachRun();
  await pool.end();
});

const definition =
  'id serial PRIMARY KEY, ts timestamp, tstz timestamptz, d date, amount numeric(10,2), tags integer[]';

/** Inserts rows given as SQL value lists (ids from the sequence), returns nothing. */
async function insertRows(rows: string[]): Promise<void> {
  await pool.query(`INSERT INTO hostile_events (ts, tstz, d, amount, tags) VALUES ${rows.join(', ')}`);
}

const good = (n: number) =>
  `('2026-11-20 12:00:0${n % 10}.123456', '2026-11-20 12:00:00+05:30', '2026-11-2${n % 10}', ${n}.25, '{1,2}')`;

describe('values ClickHouse cannot store', () => {
  let spec: TableSpec;
  beforeEach(async () => {
    spec = await createExtraTable(pool, db, 'hostile_events', definition);
  });

  it('quarantines rows with infinite, BC or out-of-range dates and NaN amounts, copies every other row exactly, and keeps going', async () => {
    // Prepare: ids 1-3 good, 4-10 each with one value ClickHouse cannot hold exactly, 11-12 good
    await insertRows([good(1), good(2), good(3)]);
    await insertRows([
      "('infinity', NULL, NULL, 1, NULL)",
      "('-infinity', NULL, NULL, 1, NULL)",
      "('2500-01-01 00:00:00', NULL, NULL, 1, NULL)",
      "('1800-01-01 00:00:00', NULL, NULL, 1, NULL)",
      "(NULL, '0044-03-15 00:00:00+00 BC', NULL, 1, NULL)",
      "(NULL, NULL, 'infinity', 1, NULL)",
      "(NULL, NULL, NULL, 'NaN', NULL)",
    ]);
    await insertRows([good(4), good(5)]);
    // Act
    const first = await syncIncrementalResult(db, spec);
    await insertRows([good(6), good(7)]);
    const second = await syncIncrementalResult(db, spec);
    // Assess
    expect(first).toMatchObject({ rowsInserted: 5, rowsRejected: 7, safeMark: 12, hasMore: false });
    expect(second).toMatchObject({ rowsInserted: 2, rowsRejected: 0, safeMark: 14 });
    const rejected = await db.rows<{ id: string; reason: string; value: string }>(
      `SELECT toString(rid) AS id, reason,
              arrayStringConcat(arrayFilter(x -> x != '', mapValues(mapApply((k, v) -> (k, ifNull(v, '')), raw_values))), '|') AS value
       FROM (SELECT id AS rid, reason, raw_values FROM hostile_events_rejected FINAL) ORDER BY rid`,
    );
    expect(rejected.map((row) => row.id)).toEqual(['4', '5', '6', '7', '8', '9', '10']);
    expect(rejected.map((row) => row.reason.split(':')[0])).toEqual(['ts', 'ts', 'ts', 'ts', 'tstz', 'd', 'amount']);
    expect(rejected[0]?.value).toContain('infinity');
    expect(rejected[4]?.value).toContain('0044-03-15 00:00:00+00 BC');
    const copied = await db.rows<{ id: number; ts: string; tstz: string; d: string; amount: string }>(
      'SELECT id, toString(ts) AS ts, toString(tstz) AS tstz, toString(d) AS d, toString(amount) AS amount FROM hostile_events ORDER BY id LIMIT 1',
    );
    expect(copied).toEqual([
      { id: 1, ts: '2026-11-20 12:00:01.123456', tstz: '2026-11-20 06:30:00.000000', d: '2026-11-21', amount: '1.25' },
    ]);
    const report = await verifyTables([spec], { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl });
    expect(report.tables[0]).toMatchObject({ driftRows: 0, rejectedRows: 7, postgresRows: 7, clickhouseRows: 7 });
  });

  it('quarantines, by splitting its window, a row ClickHouse refuses for a reason the value checks do not foresee', async () => {
    // Prepare: a two-dimensional array in an integer[] column (PostgreSQL allows it; ClickHouse's Array does not)
    await insertRows([good(1), good(2)]);
    await insertRows(["(NULL, NULL, NULL, 1, '{{1,2},{3,4}}')"]);
    await insertRows([good(3)]);
    // Act
    const result = await syncIncrementalResult(db, spec);
    // Assess
    expect(result).toMatchObject({ rowsInserted: 3, rowsRejected: 1, safeMark: 4 });
    const [rejected] = await db.rows<{ id: string; tags: string; reason: string }>(
      "SELECT toString(id) AS id, raw_values['tags'] AS tags, reason FROM hostile_events_rejected FINAL",
    );
    expect(rejected).toMatchObject({ id: '3', tags: '{{1,2},{3,4}}' });
    expect(rejected?.reason).toContain('more dimensions');
  });

  it('still counts the rows it quarantined when a column is dropped in the middle of the copy and the window is copied again', async () => {
    // Prepare: id 3 cannot be stored; the column tags is dropped right before the INSERT that follows the quarantine,
    // so that INSERT fails and the run copies the window again with the columns the source has now
    await insertRows([good(1), good(2), "('infinity', NULL, NULL, 1, NULL)", good(4)]);
    let inserts = 0;
    const beforeEachInsert = async () => {
      inserts += 1;
      if (inserts === 2) await pool.query('ALTER TABLE hostile_events DROP COLUMN tags');
    };
    // Act
    const result = await syncIncrementalResult(db, spec, { beforeEachInsert });
    // Assess
    expect(inserts).toBeGreaterThan(2);
    expect(result).toMatchObject({ rowsInserted: 3, rowsRejected: 1, safeMark: 4, schema: { missing: ['tags'] } });
    const [rejected] = await db.rows<{ ids: string }>(
      'SELECT toString(groupArray(id)) AS ids FROM hostile_events_rejected FINAL',
    );
    expect(rejected?.ids).toBe('[3]');
  });
});

describe('windows spanning many months', () => {
  it('copies a window whose rows span 1900 to 2299 in one run, and the KPI aggregates count every one of them', async () => {
    // Prepare: 800 impressions, one every 6 months from 1900-01 to 2299-07 (800 monthly partitions in one window)
    const campaign = await insertOneCampaign(pool);
    await pool.query(
      `INSERT INTO impressions (campaign_id, created_at)
       SELECT $1, timestamp '1900-01-01 00:30:00' + make_interval(months => g * 6) FROM generate_series(0, 799) g`,
      [campaign],
    );
    // Events before 1970 or from 2106-02-07 06:00 on fall outside the hours' DateTime range and count in the hour
    // 1970-01-01 00:00, as does the in-range event of 1970-01-01 00:30
    const months = Array.from({ length: 800 }, (_, g) => 1900 * 12 + g * 6);
    const outside = months.filter((month) => month <= 1970 * 12 || month >= 2106 * 12 + 2).length;
    // Act
    const result = await syncIncrementalResult(db, 'impressions');
    // Assess
    expect(result).toMatchObject({ rowsInserted: 800, rowsRejected: 0, hasMore: false });
    const [raw] = await db.rows<{ rows: string; first: string; last: string }>(
      'SELECT toString(count()) AS rows, toString(min(created_at)) AS first, toString(max(created_at)) AS last FROM impressions_raw',
    );
    expect(raw).toEqual({ rows: '800', first: '1900-01-01 00:30:00.000000', last: '2299-07-01 00:30:00.000000' });
    const [aggregate] = await db.rows<{ total: string; outside: string }>(
      `SELECT toString(sum(impressions)) AS total,
              toString(sumIf(impressions, hour = toDateTime('1970-01-01 00:00:00', 'UTC'))) AS outside
       FROM events_hourly`,
    );
    expect(aggregate).toEqual({ total: '800', outside: String(outside) });
    expect(await checkKpiAggregates(db.clickhouse, { from: null, to: null })).toEqual([]);
  }, 120_000);
});
