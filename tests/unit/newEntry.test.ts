import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.ts';
import type { SourceColumn } from '../../lib/tables/columnTypes.ts';
import { type AddTableRequest, planEntry } from '../../lib/tables/newEntry.ts';

const column = (name: string, type = 'integer', options: { primaryKey?: boolean; notNull?: boolean } = {}) =>
  ({
    name,
    type,
    notNull: options.notNull ?? true,
    isEnum: false,
    elementType: null,
    elementIsEnum: false,
    primaryKey: options.primaryKey ?? false,
  }) satisfies SourceColumn;

const orders = [column('id', 'bigint', { primaryKey: true }), column('total', 'numeric(10,2)'), column('note', 'text')];

/** The UsageError planEntry throws. */
function refusal(request: AddTableRequest, columns: readonly SourceColumn[]): { parameter: string; message: string } {
  try {
    planEntry(request, columns);
  } catch (error) {
    if (error instanceof UsageError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('planEntry', () => {
  it('plans an incremental entry by the integer primary key, every column, every minute', () => {
    // Act
    const planned = planEntry({ table: 'orders', schema: 'public' }, orders);
    // Assess
    expect(planned).toEqual({
      key: 'orders',
      entry: { mode: 'incremental', idColumn: 'id', schedule: 'rate(1 minute)', columns: 'all' },
    });
  });

  it('names the source table and schema only when they differ from the key and the default schema', () => {
    // Act
    const planned = planEntry({ table: 'Orders', schema: 'shop', key: 'orders' }, orders, 'public');
    const inDefault = planEntry({ table: 'orders', schema: 'shop' }, orders, 'shop');
    // Assess
    expect(planned).toEqual({
      key: 'orders',
      entry: {
        source: 'Orders',
        schema: 'shop',
        mode: 'incremental',
        idColumn: 'id',
        schedule: 'rate(1 minute)',
        columns: 'all',
      },
    });
    expect(inDefault.entry).toEqual({
      mode: 'incremental',
      idColumn: 'id',
      schedule: 'rate(1 minute)',
      columns: 'all',
    });
  });

  it('plans a full entry every 5 minutes, with no id column when the table has no integer key', () => {
    // Prepare
    const columns = [column('code', 'text', { primaryKey: true }), column('label', 'text')];
    // Act
    const planned = planEntry({ table: 'codes', schema: 'public', mode: 'full' }, columns);
    // Assess
    expect(planned).toEqual({ key: 'codes', entry: { mode: 'full', schedule: 'rate(5 minutes)', columns: 'all' } });
  });

  it('takes the id column, schedule and columns given, checking only the types of the columns copied', () => {
    // Prepare
    const columns = [
      column('ref', 'integer', { primaryKey: true }),
      column('seq', 'bigint'),
      column('total', 'numeric(10,2)'),
      column('where', 'point'),
    ];
    const request = {
      table: 'orders',
      schema: 'public',
      mode: 'full',
      idColumn: 'seq',
      schedule: 'rate(1 hour)',
      columns: ['total'],
    } as const;
    // Act
    const planned = planEntry(request, columns);
    // Assess
    expect(planned).toEqual({
      key: 'orders',
      entry: { mode: 'full', idColumn: 'seq', schedule: 'rate(1 hour)', columns: ['total'] },
    });
  });

  it.each([
    [
      'no columns (an unknown table)',
      { table: 'nope', schema: 'shop' },
      [],
      'table',
      "unknown table shop.nope (or PG_URL's role cannot see it)",
    ],
    [
      'a table name that is no valid key',
      { table: 'Orders', schema: 'public' },
      orders,
      'table',
      'key "Orders" must be lower-case letters, digits and underscores, starting with a letter (at most 48); choose one with --key',
    ],
    [
      'an invalid --key',
      { table: 'orders', schema: 'public', key: '1orders' },
      orders,
      '--key',
      'key "1orders" must be lower-case letters, digits and underscores, starting with a letter (at most 48); choose one with --key',
    ],
    [
      'an unknown --id-column',
      { table: 'orders', schema: 'public', idColumn: 'seq' },
      orders,
      '--id-column',
      'table orders has no column "seq"',
    ],
    [
      'a text --id-column',
      { table: 'orders', schema: 'public', idColumn: 'note' },
      orders,
      '--id-column',
      'id column "note" must be a NOT NULL smallint, integer or bigint (it is text)',
    ],
    [
      'a nullable --id-column',
      { table: 'orders', schema: 'public', idColumn: 'seq' },
      [...orders, column('seq', 'integer', { notNull: false })],
      '--id-column',
      'id column "seq" must be a NOT NULL smallint, integer or bigint (it is integer, nullable)',
    ],
    [
      'incremental mode without a primary key',
      { table: 'log', schema: 'public' },
      [column('line', 'text')],
      '--mode',
      'table log has no primary key: incremental mode needs one integer id column (name it with --id-column), or use --mode full',
    ],
    [
      'incremental mode with a composite primary key',
      { table: 'pairs', schema: 'public', mode: 'incremental' },
      [column('a', 'integer', { primaryKey: true }), column('b', 'integer', { primaryKey: true })],
      '--mode',
      'table pairs has primary key (a integer, b integer): incremental mode needs one integer id column (name it with --id-column), or use --mode full',
    ],
    [
      'incremental mode with a uuid primary key',
      { table: 'things', schema: 'public' },
      [column('id', 'uuid', { primaryKey: true })],
      '--mode',
      'table things has primary key (id uuid): incremental mode needs one integer id column (name it with --id-column), or use --mode full',
    ],
    [
      'an unknown column in --columns',
      { table: 'orders', schema: 'public', columns: ['total', 'price'] },
      orders,
      '--columns',
      'table orders has no column "price"',
    ],
    [
      'a listed column of an unsupported type',
      { table: 'orders', schema: 'public', columns: ['total', 'where'] },
      [...orders, column('where', 'point')],
      '--columns',
      'table orders: column "where" has type point, which pg2ch does not copy; list the columns to copy with --columns',
    ],
    [
      'a listed column of an unsupported type in a table without an id column',
      { table: 'places', schema: 'public', mode: 'full', columns: ['where'] },
      [column('label', 'text'), column('where', 'point')],
      '--columns',
      'table places: column "where" has type point, which pg2ch does not copy; list the columns to copy with --columns',
    ],
    [
      'a column of an unsupported type',
      { table: 'orders', schema: 'public' },
      [...orders, column('where', 'point')],
      '--columns',
      'table orders: column "where" has type point, which pg2ch does not copy; list the columns to copy with --columns',
    ],
  ] as const)('refuses %s, naming the flag to change', (_case, request, columns, parameter, message) => {
    // Act
    const error = refusal(request, columns);
    // Assess
    expect(error).toEqual({ parameter, message });
  });
});
