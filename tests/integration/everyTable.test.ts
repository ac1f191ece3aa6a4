// The per-table guarantees, run for every table of the registry (tables.json) and for a table added the way
// `npm run add-table` adds one: a new table is covered with no new test code.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registry, type TableSpec } from '../../lib/tables/registry.ts';
import { qualifiedSource, tableNames } from '../../lib/tables/statements.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/clickhouseDb.ts';
import { createExtraTable } from '../helpers/extraTable.ts';
import { insertGenericRows } from '../helpers/genericRows.ts';
import {
  checkExactlyOnceAfterEachRun,
  stopCheckingEachRun,
  syncIncrementalResult,
  syncOnce,
  syncResult,
} from '../helpers/runSyncFor.ts';
import { resetSource, sourcePool } from '../helpers/seedPostgres.ts';

const pool = sourcePool();
const added = 'everytable_conversions';
let db: TestDatabase;
let open: pg.Client[] = [];

/** The registry's tables, and one added as `npm run add-table` would (bigint ids, several types). */
const cases: { key: string; spec: () => TableSpec }[] = [
  ...registry.map((spec) => ({ key: spec.key, spec: () => spec })),
  { key: added, spec: () => addedSpec },
];
let addedSpec: TableSpec;

beforeAll(() => checkExactlyOnceAfterEachRun(pool));
beforeEach(async () => {
  await resetSource(pool);
  db = await createTestDatabase();
  addedSpec = await createExtraTable(
    pool,
    db,
    added,
    'id bigserial PRIMARY KEY, value numeric(12,2) NOT NULL, kind text NOT NULL, happened_at timestamptz NOT NULL, tags text[]',
  );
});
afterEach(async () => {
  await Promise.all(open.map((client) => client.end().catch(() => {})));
  open = [];
  await db.drop();
  await pool.query(`DROP TABLE IF EXISTS ${added}`);
});
afterAll(async () => {
  stopCheckingEachRun();
  await pool.end();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.PG_URL });
  await client.connect();
  open.push(client);
  return client;
}

async function copiedIds(spec: TableSpec): Promise<number[]> {
  const rows = await db.rows<{ id: string }>(`SELECT toString(${spec.idColumn}) AS id FROM ${tableNames(spec).target}`);
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

for (const { key, spec: specOf } of cases) {
  const mode = key === added ? 'incremental' : registry.find((spec) => spec.key === key)?.mode;
  if (mode === 'incremental')
    describe(`incremental table ${key}`, () => {
      it('copies a row whose transaction commits after higher ids were synced', async () => {
        // Prepare
        const spec = specOf();
        const writer = await connect();
        await writer.query('BEGIN');
        const [late] = await insertGenericRows(writer, spec, 1);
        await insertGenericRows(pool, spec, 100);
        await syncResult(db, spec);
        // Act
        await writer.query('COMMIT');
        const next = await syncIncrementalResult(db, spec);
        // Assess
        expect(next).toMatchObject({ rowsInserted: 1 });
        expect(await copiedIds(spec)).toContain(late);
      });

      it('leaves no phantom row for a rolled-back transaction and still advances the safe mark', async () => {
        // Prepare
        const spec = specOf();
        const writer = await connect();
        await writer.query('BEGIN');
        await insertGenericRows(writer, spec, 3);
        const committed = await insertGenericRows(pool, spec, 10);
        await syncResult(db, spec);
        // Act
        await writer.query('ROLLBACK');
        await syncResult(db, spec);
        const settled = await syncIncrementalResult(db, spec);
        // Assess
        expect(settled.safeMark).toBe(committed.at(-1));
        expect(await copiedIds(spec)).toEqual(committed);
      });

      it('copies a row whose id was taken with nextval() before it was inserted, in the same transaction', async () => {
        // Prepare
        const spec = specOf();
        const writer = await connect();
        await writer.query('BEGIN');
        const sequence = `pg_get_serial_sequence('${qualifiedSource(spec).replace(/'/g, "''")}', '${spec.idColumn}')`;
        const taken = (await writer.query<{ id: string }>(`SELECT nextval(${sequence})::text AS id`)).rows[0]?.id;
        await insertGenericRows(pool, spec, 20);
        await syncResult(db, spec);
        await syncResult(db, spec);
        // Act: the same transaction now inserts its row under the id it took (a generic row, renumbered)
        const [inserted] = await insertGenericRows(writer, spec, 1);
        await writer.query(
          `UPDATE ${qualifiedSource(spec)} SET "${spec.idColumn}" = $1 WHERE "${spec.idColumn}" = $2`,
          [taken, inserted],
        );
        await writer.query('COMMIT');
        await syncResult(db, spec);
        // Assess
        expect(await copiedIds(spec)).toContain(Number(taken));
      });

      it('lets exactly one of two simultaneous runs do the work', async () => {
        // Prepare
        const spec = specOf();
        const ids = await insertGenericRows(pool, spec, 500);
        // Act
        const outcomes = await Promise.all([syncOnce(db, spec), syncOnce(db, spec)]);
        // Assess
        expect(outcomes.filter((outcome) => 'skipped' in outcome)).toHaveLength(1);
        expect(await copiedIds(spec)).toEqual(ids);
      });

      it('ends exact when a run dies right before its INSERT on a table no one is writing (its window is safe at once)', async () => {
        // Prepare: no open writer, so a run's window end becomes the safe mark as soon as the run records it
        const spec = specOf();
        const ids = await insertGenericRows(pool, spec, 200);
        const crash = async () => {
          throw new Error('simulated crash');
        };
        // Act
        const failed = await syncOnce(db, spec, { beforeInsert: crash }).catch((error: unknown) => error);
        const retry = await syncIncrementalResult(db, spec);
        // Assess
        expect(failed).toBeInstanceOf(Error);
        expect(retry).toMatchObject({ rowsInserted: 200 });
        expect(await copiedIds(spec)).toEqual(ids);
      });

      it('ends exact when a run fails between its INSERT and its watermark', async () => {
        // Prepare
        const spec = specOf();
        const ids = await insertGenericRows(pool, spec, 200);
        const crash = async () => {
          throw new Error('simulated crash');
        };
        // Act
        const failed = await syncOnce(db, spec, { afterInsert: crash }).catch((error: unknown) => error);
        const retry = await syncIncrementalResult(db, spec);
        // Assess
        expect(failed).toBeInstanceOf(Error);
        expect(retry).toMatchObject({ rowsInserted: 0 });
        expect(await copiedIds(spec)).toEqual(ids);
      });
    });

  if (mode === 'full')
    describe(`full-mode table ${key}`, () => {
      it('never shows readers an empty or partial copy while it is reloaded', async () => {
        // Prepare
        const spec = specOf();
        await insertGenericRows(pool, spec, 2000);
        await syncResult(db, spec);
        let reloading = true;
        const seen: number[] = [];
        const reader = (async () => {
          while (reloading) {
            const [row] = await db.rows<{ n: string }>(`SELECT count() AS n FROM ${tableNames(spec).target}`);
            seen.push(Number(row?.n));
          }
        })();
        // Act
        for (let run = 0; run < 5; run++) await syncResult(db, spec);
        reloading = false;
        await reader;
        // Assess
        expect(seen.length).toBeGreaterThan(5);
        expect(new Set(seen)).toEqual(new Set([2000]));
      });

      it('reflects updated and deleted rows after one run', async () => {
        // Prepare
        const spec = specOf();
        const ids = await insertGenericRows(pool, spec, 10);
        await syncResult(db, spec);
        // Act
        await pool.query(`DELETE FROM ${qualifiedSource(spec)} WHERE "${spec.idColumn}" = ANY($1::bigint[])`, [
          ids.slice(0, 3),
        ]);
        await syncResult(db, spec);
        // Assess
        expect(await copiedIds(spec)).toEqual(ids.slice(3));
      });
    });
}
