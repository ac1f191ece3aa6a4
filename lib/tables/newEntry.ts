// Plans the registry entry `npm run add-table` writes, from PostgreSQL's catalog. Pure: no I/O.
import { UsageError } from '../errors.ts';
import { isIntegerType, mapColumn, type SourceColumn, UnsupportedTypeError } from './columnTypes.ts';
import { checkTableKey } from './identifiers.ts';

/** What the user asked for (command-line flags). */
interface AddTableRequest {
  readonly table: string;
  readonly schema: string;
  readonly key?: string;
  readonly mode?: 'incremental' | 'full';
  readonly idColumn?: string;
  readonly schedule?: string;
  readonly columns?: readonly string[];
}

/** A registry entry as tables.json holds it. */
interface RegistryEntry {
  readonly source?: string;
  readonly schema?: string;
  readonly mode: 'incremental' | 'full';
  readonly idColumn?: string;
  readonly schedule: string;
  readonly columns: 'all' | readonly string[];
}

const defaults = {
  incrementalSchedule: 'rate(1 minute)',
  fullSchedule: 'rate(5 minutes)',
};

/** The single integer primary-key column, if the table has exactly one primary-key column and it is an integer. */
function integerPrimaryKey(columns: readonly SourceColumn[]): SourceColumn | undefined {
  const key = columns.filter((column) => column.primaryKey);
  return key.length === 1 && key[0] && isIntegerType(key[0].type) ? key[0] : undefined;
}

function pickIdColumn(request: AddTableRequest, columns: readonly SourceColumn[], mode: 'incremental' | 'full') {
  if (request.idColumn !== undefined) {
    const column = columns.find((c) => c.name === request.idColumn);
    if (!column) throw new UsageError('--id-column', `table ${request.table} has no column "${request.idColumn}"`);
    if (!isIntegerType(column.type) || !column.notNull) {
      const why = `${column.type}${column.notNull ? '' : ', nullable'}`;
      throw new UsageError(
        '--id-column',
        `id column "${column.name}" must be a NOT NULL smallint, integer or bigint (it is ${why})`,
      );
    }
    return column;
  }
  const primary = integerPrimaryKey(columns);
  if (!primary && mode === 'incremental') {
    const key = columns.filter((c) => c.primaryKey).map((c) => `${c.name} ${c.type}`);
    const has = key.length === 0 ? 'no primary key' : `primary key (${key.join(', ')})`;
    throw new UsageError(
      '--mode',
      `table ${request.table} has ${has}: incremental mode needs one integer id column (name it with --id-column), or use --mode full`,
    );
  }
  return primary;
}

/** Checks that every copied column has a type pg2ch maps. @throws UsageError naming the column and its type. */
function checkTypes(table: string, columns: readonly SourceColumn[]): void {
  for (const column of columns) {
    try {
      mapColumn(column);
    } catch (error) {
      if (!(error instanceof UnsupportedTypeError)) throw error;
      throw new UsageError(
        '--columns',
        `table ${table}: column "${column.name}" has type ${column.type}, which pg2ch does not copy; list the columns to copy with --columns`,
      );
    }
  }
}

/**
 * Plans the registry entry of a source table from its catalog columns.
 * @throws UsageError naming the flag to change: unknown table, no usable id for incremental mode, an unsupported type,
 * an invalid key.
 */
function planEntry(
  request: AddTableRequest,
  columns: readonly SourceColumn[],
  defaultSchema = 'public',
): { key: string; entry: RegistryEntry } {
  if (columns.length === 0) {
    throw new UsageError('table', `unknown table ${request.schema}.${request.table} (or PG_URL's role cannot see it)`);
  }
  const key = request.key ?? request.table;
  const badKey = checkTableKey(key);
  if (badKey) throw new UsageError(request.key === undefined ? 'table' : '--key', `${badKey}; choose one with --key`);
  const mode = request.mode ?? 'incremental';
  const id = pickIdColumn(request, columns, mode);
  const wanted = request.columns;
  for (const name of wanted ?? []) {
    if (!columns.some((c) => c.name === name))
      throw new UsageError('--columns', `table ${request.table} has no column "${name}"`);
  }
  checkTypes(request.table, wanted ? columns.filter((c) => wanted.includes(c.name) || c.name === id?.name) : columns);
  const entry: RegistryEntry = {
    ...(key !== request.table ? { source: request.table } : {}),
    ...(request.schema !== defaultSchema ? { schema: request.schema } : {}),
    mode,
    ...(id ? { idColumn: id.name } : {}),
    schedule: request.schedule ?? (mode === 'incremental' ? defaults.incrementalSchedule : defaults.fullSchedule),
    columns: wanted ? [...wanted] : 'all',
  };
  return { key, entry };
}

export type { AddTableRequest, RegistryEntry };
export { planEntry };
