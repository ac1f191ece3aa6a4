import { describe, expect, it } from 'vitest';
import { type ClickhouseColumn, mapSelected, planColumns, selectedColumns } from '../../lib/tables/columnPlan.ts';
import { mapColumn, type SourceColumn } from '../../lib/tables/columnTypes.ts';
import type { TableSpec } from '../../lib/tables/registry.ts';

const spec = (columns: TableSpec['columns']): TableSpec => ({
  key: 'orders',
  source: { schema: 'public', table: 'orders' },
  target: 'orders',
  mode: 'incremental',
  idColumn: 'id',
  schedule: 'rate(1 minute)',
  columns,
  maxRows: null,
  liveThrough: null,
  feedsKpiAggregates: false,
  freshnessColumn: null,
});

const source = (name: string, type = 'integer'): SourceColumn => ({
  name,
  type,
  notNull: true,
  isEnum: false,
  elementType: null,
  elementIsEnum: false,
  primaryKey: name === 'id',
});

/** A column of the ClickHouse copy or reader; the reader's comment holds the PostgreSQL type it was made for. */
const clickhouse = (name: string, comment = ''): ClickhouseColumn => ({ name, type: 'Int32', comment });

describe('selectedColumns', () => {
  it('selects every source column for "all", and for a list its columns and the id column, in source order', () => {
    // Prepare
    const columns = [source('id'), source('a'), source('b'), source('c')];
    // Act
    const all = selectedColumns(spec('all'), columns).map((c) => c.name);
    const listed = selectedColumns(spec(['c', 'a']), columns).map((c) => c.name);
    // Assess
    expect([all, listed]).toEqual([
      ['id', 'a', 'b', 'c'],
      ['id', 'a', 'c'],
    ]);
  });
});

describe('mapSelected', () => {
  it('maps the selected columns and reports those of unsupported types instead of throwing', () => {
    // Prepare
    const columns = [source('id'), source('where', 'point'), source('amount', 'numeric(10,2)')];
    // Act
    const { mapped, unsupported } = mapSelected(spec('all'), columns);
    // Assess
    expect(mapped).toEqual([mapColumn(source('id')), mapColumn(source('amount', 'numeric(10,2)'))]);
    expect(unsupported).toEqual([{ name: 'where', type: 'point' }]);
  });
});

describe('planColumns', () => {
  it('copies the columns that the source, the copy and the reader agree on, in the order of the copy', () => {
    // Prepare
    const columns = [source('id'), source('a', 'text'), source('b', 'bigint')];
    const target = [clickhouse('b'), clickhouse('id'), clickhouse('a')];
    const reader = [clickhouse('id', 'integer'), clickhouse('a', 'text'), clickhouse('b', 'bigint')];
    // Act
    const plan = planColumns(spec('all'), columns, target, reader);
    // Assess
    expect(plan).toEqual({
      copy: [mapColumn(source('b', 'bigint')), mapColumn(source('id')), mapColumn(source('a', 'text'))],
      pending: [],
      missing: [],
      changed: [],
      unsupported: [],
    });
  });

  it('leaves a column added in the source pending until both the copy and the reader have it', () => {
    // Prepare: `a` is in neither, `b` only in the copy, `c` only in the reader
    const columns = [source('id'), source('a'), source('b'), source('c')];
    const target = [clickhouse('id'), clickhouse('b')];
    const reader = [clickhouse('id', 'integer'), clickhouse('c', 'integer')];
    // Act
    const plan = planColumns(spec('all'), columns, target, reader);
    // Assess
    expect(plan).toEqual({
      copy: [mapColumn(source('id'))],
      pending: ['a', 'b', 'c'],
      missing: [],
      changed: [],
      unsupported: [],
    });
  });

  it('keeps a column dropped in the source in ClickHouse, reported missing and not copied', () => {
    // Prepare
    const target = [clickhouse('id'), clickhouse('gone')];
    const reader = [clickhouse('id', 'integer'), clickhouse('gone', 'integer')];
    // Act
    const plan = planColumns(spec('all'), [source('id')], target, reader);
    // Assess
    expect(plan).toEqual({
      copy: [mapColumn(source('id'))],
      pending: [],
      missing: ['gone'],
      changed: [],
      unsupported: [],
    });
  });

  it('stops copying a column whose PostgreSQL type changed since the reader was made, and copies it when unknown', () => {
    // Prepare: `a` was integer and is bigint now; the reader's comment of `b` is empty (made before comments)
    const columns = [source('id'), source('a', 'bigint'), source('b')];
    const target = [clickhouse('id'), clickhouse('a'), clickhouse('b')];
    const reader = [clickhouse('id', 'integer'), clickhouse('a', 'integer'), clickhouse('b')];
    // Act
    const plan = planColumns(spec('all'), columns, target, reader);
    // Assess
    expect(plan).toEqual({
      copy: [mapColumn(source('id')), mapColumn(source('b'))],
      pending: [],
      missing: [],
      changed: [{ name: 'a', from: 'integer', to: 'bigint' }],
      unsupported: [],
    });
  });

  it('copies only the columns the registry selects and reports unsupported ones', () => {
    // Prepare
    const columns = [source('id'), source('a'), source('skipped'), source('where', 'point')];
    const target = [clickhouse('id'), clickhouse('a')];
    const reader = [clickhouse('id', 'integer'), clickhouse('a', 'integer')];
    // Act
    const plan = planColumns(spec(['a', 'where']), columns, target, reader);
    // Assess
    expect(plan).toEqual({
      copy: [mapColumn(source('id')), mapColumn(source('a'))],
      pending: [],
      missing: [],
      changed: [],
      unsupported: [{ name: 'where', type: 'point' }],
    });
  });
});
