import type pg from 'pg';
import { readSourceColumns } from '../../lib/tables/catalog.ts';
import type { SourceColumn } from '../../lib/tables/columnTypes.ts';
import { quotePostgres } from '../../lib/tables/identifiers.ts';
import type { TableSpec } from '../../lib/tables/registry.ts';
import { qualifiedSource } from '../../lib/tables/statements.ts';

/** A value for row `g` of a NOT NULL column of `type` (nullable columns get NULL: no foreign key to satisfy). */
function valueFor(column: SourceColumn): string {
  const type = column.type;
  if (column.elementType !== null) return `'{}'`;
  if (column.isEnum) return `(enum_range(NULL::${type}))[1]`;
  if (/^(smallint|integer|bigint|real|double precision)$/.test(type) || type.startsWith('numeric')) return '(g % 1000)';
  if (type === 'boolean') return '(g % 2 = 0)';
  if (type.startsWith('timestamp')) return `timestamp '2026-11-20 12:00:00' + make_interval(secs => g)`;
  if (type === 'date') return `date '2026-11-20' + (g % 30)`;
  if (type === 'uuid') return 'gen_random_uuid()';
  if (type === 'json' || type === 'jsonb') return `'{}'`;
  return `'v' || g`;
}

/**
 * An INSERT of `$1` generic rows into any registry table: the id column from its default (its sequence), NOT NULL
 * columns with a value of their type, nullable ones NULL; it returns the ids it gave.
 */
async function insertStatement(client: pg.Pool | pg.Client, spec: TableSpec): Promise<string> {
  const columns = (await readSourceColumns(client as pg.Client, spec.source)).filter(
    (column) => column.notNull && column.name !== spec.idColumn,
  );
  const names = columns.map((column) => quotePostgres(column.name)).join(', ');
  const values = columns.map(valueFor).join(', ');
  const id = quotePostgres(spec.idColumn ?? 'id');
  return columns.length === 0
    ? `INSERT INTO ${qualifiedSource(spec)} SELECT FROM generate_series(1, $1::int) g RETURNING ${id}::text AS id`
    : `INSERT INTO ${qualifiedSource(spec)} (${names}) SELECT ${values} FROM generate_series(1, $1::int) g RETURNING ${id}::text AS id`;
}

/** Inserts `count` generic rows into `spec`'s source table through `client` (in its transaction, if one is open). */
async function insertGenericRows(client: pg.Pool | pg.Client, spec: TableSpec, count: number): Promise<number[]> {
  const result = await client.query<{ id: string }>(await insertStatement(client, spec), [count]);
  return result.rows.map((row) => Number(row.id));
}

export { insertGenericRows };
