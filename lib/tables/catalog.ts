import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import type { ClickhouseColumn } from './columnPlan.ts';
import type { SourceColumn } from './columnTypes.ts';
import { templates } from './templates.ts';

/** A row of sql/source/table_columns.sql (also the JSON objects of the snapshot's `columns`). */
interface CatalogRow {
  readonly name: string;
  readonly type: string;
  readonly not_null: boolean;
  readonly is_enum: boolean;
  readonly element_type: string | null;
  readonly element_is_enum: boolean;
  readonly primary_key: boolean;
}

/** Turns catalog rows into source columns. */
function toSourceColumns(rows: readonly CatalogRow[]): SourceColumn[] {
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    notNull: row.not_null,
    isEnum: row.is_enum,
    elementType: row.element_type,
    elementIsEnum: row.element_is_enum,
    primaryKey: row.primary_key,
  }));
}

/**
 * Reads a source table's columns from PostgreSQL's catalog, in column order; empty when the table does not exist
 * (or the role cannot see it).
 * @throws the client's error.
 */
async function readSourceColumns(
  session: pg.Client,
  source: { readonly schema: string; readonly table: string },
): Promise<SourceColumn[]> {
  const result = await session.query<CatalogRow>(templates.tableColumns, [source.schema, source.table]);
  return toSourceColumns(result.rows);
}

/**
 * Reads a ClickHouse table's columns (name, type, comment) in order; empty when the table does not exist.
 * @throws the client's error.
 */
async function readClickhouseColumns(
  clickhouse: ClickHouseClient,
  table: string,
  signal?: AbortSignal,
): Promise<ClickhouseColumn[]> {
  const result = await clickhouse.query({
    query: templates.clickhouseColumns,
    query_params: { table },
    format: 'JSONEachRow',
    abort_signal: signal,
  });
  return result.json<ClickhouseColumn>();
}

export type { CatalogRow };
export { readClickhouseColumns, readSourceColumns, toSourceColumns };
