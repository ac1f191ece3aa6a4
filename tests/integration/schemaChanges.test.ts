// Issue 11 §2: schema changes never break a sync. Columns added, dropped and renamed under a running sync loop, types
// widened in place, a type ClickHouse cannot take refused clearly, and full-mode tables following the same rules.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SchemaChangeError } from '../../lib/errors.ts';
import { migrateTables } from '../../lib/migrate/tables.ts';
import { repairDrift } from '../../lib/repair/repair.ts';
import { resyncTable } from '../../lib/repair/resync.ts';
import { syncDepsFrom } from '../../lib/sync/deps.ts';
import type { TableSpec } from '../../lib/tables/registry.ts';
import { verifyTables } from '../../lib/verify/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { expectExactlyOnce } from '../helpers/exactlyOnce.ts';
import { createExtraTable } from '../helpers/extraTable.ts';
import { stopCheckingEachRun, syncOnce, syncResult } from '../helpers/runSyncFor.ts';
import { sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
let db: TestDatabase;
let spec: TableSpec;

beforeAll(() => stopCheckingEachRun());
beforeEach(async () => {
  db = await createTestDatabase();
  spec = await createExtraTable(pool, db, 'evolving', 'id bigserial PRIMARY KEY, a int NOT NULL, b text, c timestamp');
});
afterEach(async () => {
  await db.drop();
  await pool.query('DROP TABLE IF EXISTS evolving, evolving_dims');
});
afterAll(async () => pool.end());

const insert = (count: number) =>
  pool.query(
    "INSERT INTO evolving (a, b, c) SELECT g, 'b' || g, timestamp '2026-11-20 12:00:00' + make_interval(secs => g) FROM generate_series(1, $1::int) g",
    [count],
  );

async function columns(table: string): Promise<string[]> {
  const rows = await db.rows<{ name: string; type: string }>(
    'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position',
    { table },
  );
  return rows.map((row) => `${row.name} ${row.type}`);
}

describe('schema changes under a running sync loop', () => {
  it('keeps every run succeeding with exact counts while a column is added, dropped and renamed, and back-fills with --repair', async () => {
    // Prepare: a sync every 50 ms and a writer every 20 ms, until stopped
    await insert(100);
    let running = true;
    const failures: unknown[] = [];
    const outcomes: { schema?: { pending: readonly string[]; missing: readonly string[] } }[] = [];
    const loop = (async () => {
      while (running) {
        await syncOnce(db, spec).then(
          (outcome) => outcomes.push(outcome as (typeof outcomes)[number]),
          (error: unknown) => failures.push(error),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const writer = (async () => {
      while (running) {
        await pool.query('INSERT INTO evolving (a) VALUES (1)').catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
    // Act
    await pool.query("ALTER TABLE evolving ADD COLUMN d text DEFAULT 'old'");
    await settle();
    await migrateTables(db, db.config.pgUrl, [spec]);
    await settle();
    await pool.query('ALTER TABLE evolving DROP COLUMN b');
    await settle();
    await migrateTables(db, db.config.pgUrl, [spec]);
    await pool.query('ALTER TABLE evolving RENAME COLUMN c TO c2');
    await settle();
    await migrateTables(db, db.config.pgUrl, [spec]);
    await settle();
    running = false;
    await Promise.all([loop, writer]);
    await syncResult(db, spec);
    await syncResult(db, spec);
    const before = await verifyTables([spec], { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl });
    await repairDrift(before, syncDepsFrom(db.config, db.clickhouse, 'test-backfill'), [spec]);
    const after = await verifyTables([spec], { clickhouse: db.clickhouse, pgUrl: db.config.pgUrl });
    // Assess
    expect(failures).toEqual([]);
    expect(outcomes.some((outcome) => outcome.schema?.pending.includes('d'))).toBe(true);
    expect(outcomes.some((outcome) => outcome.schema?.missing.includes('b'))).toBe(true);
    expect(await columns('evolving')).toEqual([
      'id Int64',
      'a Int32',
      'b Nullable(String)',
      "c Nullable(DateTime64(6, 'UTC'))",
      'd Nullable(String)',
      "c2 Nullable(DateTime64(6, 'UTC'))",
    ]);
    await expectExactlyOnce(db, pool, spec);
    expect(before.tables[0]?.driftRows).toBeGreaterThan(0);
    expect(after.tables[0]).toMatchObject({ driftRows: 0 });
    const [old] = await db.rows<{ d: string; c2: string }>('SELECT d, toString(c2) AS c2 FROM evolving WHERE id = 1');
    expect(old).toEqual({ d: 'old', c2: '2026-11-20 12:00:01.000000' });
  }, 60_000);
});

describe('type changes', () => {
  it('widens integer to bigint in place, refuses timestamp to text naming the column and the remedy, and resync --rebuild takes it', async () => {
    // Prepare
    await insert(10);
    await syncResult(db, spec);
    // Act
    await pool.query('ALTER TABLE evolving ALTER COLUMN a TYPE bigint');
    const widened = await migrateTables(db, db.config.pgUrl, [spec]);
    await pool.query('INSERT INTO evolving (a) VALUES (3000000000)');
    const afterWidening = await syncResult(db, spec);
    await pool.query('ALTER TABLE evolving ALTER COLUMN c TYPE text');
    const refusedSync = await syncOnce(db, spec).catch((error: unknown) => error);
    const refusedMigrate = await migrateTables(db, db.config.pgUrl, [spec]).catch((error: unknown) => error);
    const resync = await resyncTable(spec, syncDepsFrom(db.config, db.clickhouse, 'test-rebuild'), true);
    const recopied = await syncResult(db, spec);
    // Assess
    expect(widened[0]).toMatchObject({ widened: ['a'] });
    expect(afterWidening).toMatchObject({ rowsInserted: 1 });
    expect(refusedSync).toMatchObject({ step: 'check columns' });
    expect(((refusedSync as Error).cause as Error).message).toBe(
      'table evolving: column c changed type in PostgreSQL from timestamp without time zone to text; run `npm run migrate` (it says what else to do)',
    );
    expect(refusedMigrate).toBeInstanceOf(SchemaChangeError);
    expect((refusedMigrate as Error).message).toContain('column c changed type in PostgreSQL to text');
    expect((refusedMigrate as Error).message).toContain('npm run resync -- evolving');
    expect(resync).toMatchObject({ outcome: 'reset' });
    expect(recopied).toMatchObject({ rowsInserted: 11 });
    expect(await columns('evolving')).toContain('c Nullable(String)');
    await expectExactlyOnce(db, pool, spec);
  });
});

describe('full-mode tables follow the same rules', () => {
  it('shows a column added in PostgreSQL at the next reload and keeps a dropped one, NULL from then on', async () => {
    // Prepare
    const dims = await createExtraTable(
      pool,
      db,
      'evolving_dims',
      'id serial PRIMARY KEY, name text NOT NULL, size int NOT NULL',
      {
        mode: 'full',
        idColumn: 'id',
      },
    );
    await pool.query("INSERT INTO evolving_dims (name, size) VALUES ('x', 1), ('y', 2)");
    await syncResult(db, dims);
    // Act
    await pool.query("ALTER TABLE evolving_dims ADD COLUMN colour text DEFAULT 'red'");
    const added = await syncResult(db, dims);
    await pool.query('ALTER TABLE evolving_dims DROP COLUMN size');
    const dropped = await syncResult(db, dims);
    // Assess
    expect(added).toMatchObject({ rowsInserted: 2, schema: { pending: ['colour'], missing: [] } });
    expect(dropped).toMatchObject({ rowsInserted: 2, schema: { pending: [], missing: ['size'] } });
    expect(await columns('evolving_dims')).toEqual([
      'id Int32',
      'name String',
      'colour Nullable(String)',
      'size Nullable(Int32)',
    ]);
    expect(await db.rows('SELECT id, name, colour, size FROM evolving_dims ORDER BY id')).toEqual([
      { id: 1, name: 'x', colour: 'red', size: null },
      { id: 2, name: 'y', colour: 'red', size: null },
    ]);
  });
});
