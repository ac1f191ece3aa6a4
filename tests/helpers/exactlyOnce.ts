import type pg from 'pg';
import { expect } from 'vitest';
import type { TableSpec } from '../../lib/tables/registry.ts';
import { tableNames } from '../../lib/tables/statements.ts';
import type { TestDatabase } from './clickhouseDb.ts';

/** Ids that `have` lacks from `want` (both sorted), the first few. */
function missing(want: readonly number[], have: ReadonlySet<number>, limit = 10): number[] {
  const out: number[] = [];
  for (const id of want) {
    if (!have.has(id)) out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * The exactly-once invariant of an incremental table, checked after any run (a killed one included): every id
 * committed in PostgreSQL at or below the recorded safe mark is in ClickHouse (copied or quarantined), no id is in
 * ClickHouse twice, and every id ClickHouse holds is committed in PostgreSQL (no phantom row of a rolled-back
 * transaction). Returns the safe mark it checked against.
 */
async function expectExactlyOnce(db: TestDatabase, pool: pg.Pool, spec: TableSpec): Promise<number> {
  const names = tableNames(spec);
  const id = spec.idColumn ?? 'id';
  const [state] = await db.rows<{ safe_mark: string }>(
    'SELECT toString(max(safe_mark)) AS safe_mark FROM sync_state WHERE table_name = {table:String}',
    { table: spec.key },
  );
  const safeMark = Number(state?.safe_mark ?? 0);
  const doubled = await db.rows<{ id: string; copies: string }>(
    `SELECT toString(${id}) AS id, toString(count()) AS copies FROM ${names.target} GROUP BY ${id} HAVING count() > 1 LIMIT 10`,
  );
  const copied = await db.rows<{ id: string }>(
    `SELECT toString(${id}) AS id FROM ${names.target} UNION ALL SELECT toString(id) FROM ${names.rejected} FINAL`,
  );
  const source = await pool.query<{ id: string }>(
    `SELECT ${id}::text AS id FROM "${spec.source.schema}"."${spec.source.table}" ORDER BY 1`,
  );
  const sourceIds = source.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  const copiedIds = new Set(copied.map((row) => Number(row.id)));
  const final = sourceIds.filter((value) => value <= safeMark);
  expect(doubled, `ids copied twice into ${names.target}`).toEqual([]);
  expect(missing(final, copiedIds), `committed ids at or below safe mark ${safeMark} missing in ClickHouse`).toEqual(
    [],
  );
  const phantom = missing(
    [...copiedIds].sort((a, b) => a - b),
    new Set(sourceIds),
  );
  expect(phantom, `ids in ClickHouse that PostgreSQL does not hold`).toEqual([]);
  return safeMark;
}

export { expectExactlyOnce };
