// Renders every per-table statement from the sql/ templates: names from the registry, quoted here and nowhere else.

import deleteRange from '../../sql/repair/delete_range.sql';
import dropTable from '../../sql/repair/drop_table.sql';
import resetTable from '../../sql/repair/reset_table.sql';
import { splitStatements } from '../sql.ts';
import type { ColumnMapping, SourceColumn } from './columnTypes.ts';
import { quoteClickhouse, quoteClickhouseLiteral, quotePostgres } from './identifiers.ts';
import type { TableSpec } from './registry.ts';
import { renderTemplate } from './render.ts';
import { templates } from './templates.ts';

/** The ClickHouse tables of one registry entry (plain names, as system.tables lists them). */
function tableNames(spec: TableSpec) {
  return {
    target: spec.target,
    reader: `${spec.target}_source`,
    textReader: `${spec.target}_source_text`,
    staging: `${spec.target}_staging`,
    rejected: `${spec.target}_rejected`,
  };
}

function quotedNames(spec: TableSpec) {
  const names = tableNames(spec);
  return {
    target: quoteClickhouse(names.target),
    reader: quoteClickhouse(names.reader),
    textReader: quoteClickhouse(names.textReader),
    staging: quoteClickhouse(names.staging),
    rejected: quoteClickhouse(names.rejected),
  };
}

function idOf(spec: TableSpec): string {
  if (spec.idColumn === null) throw new Error(`table ${spec.key} has no id column`);
  return quoteClickhouse(spec.idColumn);
}

function definitions(columns: readonly { name: string; type: string; comment?: string }[]): string {
  return columns
    .map(({ name, type, comment }) =>
      comment === undefined
        ? `  ${quoteClickhouse(name)} ${type}`
        : `  ${quoteClickhouse(name)} ${type} COMMENT ${quoteClickhouseLiteral(comment)}`,
    )
    .join(',\n');
}

function orderBy(spec: TableSpec): string {
  return spec.idColumn === null ? 'tuple()' : idOf(spec);
}

/** CREATE TABLE IF NOT EXISTS for the ClickHouse copy. */
function createTarget(spec: TableSpec, columns: readonly ColumnMapping[]): string {
  const column_definitions = definitions(columns.map((c) => ({ name: c.name, type: c.clickhouseType })));
  return renderTemplate(templates.createTarget, {
    target: quotedNames(spec).target,
    column_definitions,
    order_by: orderBy(spec),
  });
}

/** ALTER TABLE … MODIFY SETTING non_replicated_deduplication_window for an incremental copy (single server). */
function dedupWindow(spec: TableSpec): string {
  return renderTemplate(templates.dedupWindow, { target: quotedNames(spec).target });
}

/**
 * CREATE OR REPLACE TABLE for the reader (PostgreSQL engine) over `collection`, the named collection of the database
 * it lives in (sourceCollectionName); `allText` declares every non-id column String.
 */
function createReader(spec: TableSpec, columns: readonly ColumnMapping[], collection: string, allText = false): string {
  const declared = columns.map((c) => ({
    name: c.name,
    type: allText && c.name !== spec.idColumn ? textType(c.readType) : c.readType,
    comment: c.pgType,
  }));
  const names = quotedNames(spec);
  return renderTemplate(templates.createReader, {
    reader: allText ? names.textReader : names.reader,
    column_definitions: definitions(declared),
    collection: quoteClickhouse(collection),
    pg_schema: quoteClickhouseLiteral(spec.source.schema),
    pg_table: quoteClickhouseLiteral(spec.source.table),
  });
}

/** The all-text reader declares every value String: PostgreSQL's text, arrays included, whatever their dimensions. */
function textType(_readType: string): string {
  return 'Nullable(String)';
}

/** CREATE TABLE IF NOT EXISTS for the quarantine table. */
function createRejected(spec: TableSpec): string {
  return renderTemplate(templates.createRejected, { rejected: quotedNames(spec).rejected });
}

/** ALTER TABLE … ADD COLUMN IF NOT EXISTS for a column the source gained. */
function addColumn(spec: TableSpec, column: ColumnMapping): string {
  return renderTemplate(templates.addColumn, {
    target: quotedNames(spec).target,
    column: quoteClickhouse(column.name),
    type: column.clickhouseType,
  });
}

/** ALTER TABLE … MODIFY COLUMN to `type`. */
function modifyColumn(spec: TableSpec, name: string, type: string): string {
  return renderTemplate(templates.modifyColumn, {
    target: quotedNames(spec).target,
    column: quoteClickhouse(name),
    type,
  });
}

function copySlots(spec: TableSpec, columns: readonly ColumnMapping[]) {
  const names = quotedNames(spec);
  const read = new Set(columns.map((c) => c.name));
  if (spec.idColumn !== null) read.add(spec.idColumn);
  return {
    names,
    columns: columns.map((c) => quoteClickhouse(c.name)).join(', '),
    values: columns.map((c) => c.value).join(', '),
    read_columns: [...read].map(quoteClickhouse).join(', '),
  };
}

function quarantineSlots(columns: readonly ColumnMapping[]) {
  const checked = columns.filter((c) => c.invalid !== null);
  const invalid = checked.length === 0 ? '0' : checked.map((c) => c.invalid).join(' OR ');
  const reasons = checked.map(
    (c) => `if(${c.invalid}, ${quoteClickhouseLiteral(`${c.name}: value does not fit ${c.clickhouseType}`)}, '')`,
  );
  const reason =
    reasons.length === 0 ? "''" : `arrayStringConcat(arrayFilter(x -> x != '', [${reasons.join(', ')}]), '; ')`;
  const raw_values = columns
    .map((c) => `${quoteClickhouseLiteral(c.name)}, toString(${quoteClickhouse(c.name)})`)
    .join(', ');
  return { invalid, reason, raw_values };
}

/** `(column > {from_0:Int64} AND column <= {to_0:Int64}) OR …` for `count` ranges (values bound by rangeParams). */
function rangesPredicate(column: string, count: number): string {
  const one = (k: number) => `(${column} > {from_${k}:Int64} AND ${column} <= {to_${k}:Int64})`;
  return Array.from({ length: count }, (_, k) => one(k)).join(' OR ');
}

/** The bound values of rangesPredicate: from_k, to_k. */
function rangeParams(ranges: readonly { from: number; to: number }[]): Record<string, number> {
  return Object.fromEntries(
    ranges.flatMap((range, k) => [
      [`from_${k}`, range.from],
      [`to_${k}`, range.to],
    ]),
  );
}

function windowSlots(spec: TableSpec, count: number) {
  return { source_window: rangesPredicate(idOf(spec), count), rejected_window: rangesPredicate('id', count) };
}

/** The incremental copy of `count` id ranges (see sql/sync/insert_window.sql). */
function insertWindow(spec: TableSpec, columns: readonly ColumnMapping[], count = 1): string {
  const { names, ...slots } = copySlots(spec, columns);
  return renderTemplate(templates.insertWindow, {
    target: names.target,
    reader: names.reader,
    rejected: names.rejected,
    id: idOf(spec),
    ...slots,
    ...windowSlots(spec, count),
  });
}

/** Quarantines the rows of `count` id ranges whose values do not fit (sql/sync/quarantine_window.sql). */
function quarantineWindow(spec: TableSpec, columns: readonly ColumnMapping[], count = 1): string {
  const { names, read_columns } = copySlots(spec, columns);
  return renderTemplate(templates.quarantineWindow, {
    target: names.target,
    reader: names.reader,
    rejected: names.rejected,
    id: idOf(spec),
    read_columns,
    ...quarantineSlots(columns),
    ...windowSlots(spec, count),
  });
}

/** Quarantines one id read through the all-text reader (sql/sync/reject_row.sql). */
function rejectRow(spec: TableSpec, columns: readonly SourceColumn[]): string {
  const names = quotedNames(spec);
  const raw_values = columns
    .map((c) => `${quoteClickhouseLiteral(c.name)}, toString(${quoteClickhouse(c.name)})`)
    .join(', ');
  return renderTemplate(templates.rejectRow, {
    rejected: names.rejected,
    text_reader: names.textReader,
    id: idOf(spec),
    raw_values,
  });
}

/**
 * Counts the rows present above a window's start and reads the newest freshness value of its last ids in one query;
 * `withRejected` also counts the quarantined ids there (sql/sync/window_count.sql).
 */
function windowCount(spec: TableSpec, withRejected = true): string {
  const names = quotedNames(spec);
  const id = idOf(spec);
  // The newest value is read by primary key from the window's last ids only (a window may hold millions).
  const newest =
    spec.freshnessColumn === null
      ? 'NULL'
      : `(SELECT toString(max(${quoteClickhouse(spec.freshnessColumn)})) FROM ${names.target} ` +
        `WHERE ${id} > greatest({watermark_from:Int64}, {watermark_to:Int64} - 10000) AND ${id} <= {watermark_to:Int64})`;
  const rejected = withRejected
    ? `(SELECT uniqExact(id) FROM ${names.rejected} WHERE id > {watermark_from:Int64})`
    : '0';
  return renderTemplate(templates.windowCount, { target: names.target, id, newest, rejected });
}

/**
 * The sync_state write (sql/state/write_watermark.sql): with `spec`, an incremental run that copied rows has its rows
 * and newest freshness value counted by the statement itself; without, they are bound values.
 */
function writeWatermarkStatement(spec?: TableSpec): string {
  if (spec === undefined) {
    return renderTemplate(templates.writeWatermark, {
      rows: '{rows:UInt64}',
      newest_at: "parseDateTime64BestEffortOrNull({newest_at:Nullable(String)}, 6, 'UTC')",
    });
  }
  const names = quotedNames(spec);
  const id = idOf(spec);
  const newest =
    spec.freshnessColumn === null
      ? 'NULL'
      : `if(copied_rows > 0, (SELECT max(${quoteClickhouse(spec.freshnessColumn)}) FROM ${names.target} ` +
        `WHERE ${id} > greatest({watermark_from:Int64}, {watermark_to:Int64} - 10000) AND ${id} <= {watermark_to:Int64}), NULL)`;
  return renderTemplate(templates.writeWatermark, {
    rows: `toUInt64(greatest(0, (SELECT count() FROM ${names.target} WHERE ${id} > {watermark_from:Int64}) - {rows_before:UInt64}))`,
    newest_at: newest,
  });
}

/** Reads an incremental table's marks, columns and what its copy holds above the safe mark (sql/state/read_state.sql). */
function readStateStatement(spec: TableSpec): string {
  const names = quotedNames(spec);
  return renderTemplate(templates.readState, { target: names.target, rejected: names.rejected, id: idOf(spec) });
}

/** What an incremental table's copy holds in an id range (sql/backfill/range_held.sql). */
function rangeHeldStatement(spec: TableSpec): string {
  const names = quotedNames(spec);
  return renderTemplate(templates.rangeHeld, { target: names.target, rejected: names.rejected, id: idOf(spec) });
}

/** Lists the ids a window lacks, as ranges. */
function windowGaps(spec: TableSpec): string {
  const names = quotedNames(spec);
  return renderTemplate(templates.windowGaps, { target: names.target, rejected: names.rejected, id: idOf(spec) });
}

/** The full reload's statements, named by step. `skipInvalid`: leave out rows whose values do not fit. */
function fullReload(
  spec: TableSpec,
  columns: readonly ColumnMapping[],
  kept: readonly ColumnMapping[],
  skipInvalid: boolean,
) {
  const names = quotedNames(spec);
  const { names: _, ...copy } = copySlots(spec, columns);
  const staged = [...columns, ...kept].map((c) => ({ name: c.name, type: c.clickhouseType }));
  const quarantine = quarantineSlots(columns);
  return {
    prepare: renderTemplate(templates.fullPrepare, {
      staging: names.staging,
      column_definitions: definitions(staged),
      order_by: orderBy(spec),
    }),
    load: renderTemplate(templates.fullLoad, {
      staging: names.staging,
      reader: names.reader,
      ...copy,
      skip_invalid: skipInvalid ? quarantine.invalid : '0',
    }),
    quarantine: renderTemplate(templates.fullQuarantine, {
      reader: names.reader,
      rejected: names.rejected,
      id: spec.idColumn === null ? '0' : idOf(spec),
      read_columns: copy.read_columns,
      ...quarantine,
    }),
    swap: renderTemplate(templates.fullSwap, { target: names.target, staging: names.staging }),
    drop: renderTemplate(templates.fullDrop, { staging: names.staging }),
    count: renderTemplate(templates.fullCount, { target: names.target }),
  };
}

function qualifiedSource(spec: TableSpec): string {
  return `${quotePostgres(spec.source.schema)}.${quotePostgres(spec.source.table)}`;
}

/** The PostgreSQL snapshot statement of an incremental table ($1 schema, $2 table, $3 id column). */
function snapshotStatement(spec: TableSpec): string {
  if (spec.idColumn === null) throw new Error(`table ${spec.key} has no id column`);
  return renderTemplate(templates.snapshot, {
    table: qualifiedSource(spec),
    id: quotePostgres(spec.idColumn),
    columns_query: templates.tableColumns,
  });
}

/** The PostgreSQL statement returning the lowest id above $1. */
function nextIdStatement(spec: TableSpec): string {
  if (spec.idColumn === null) throw new Error(`table ${spec.key} has no id column`);
  return renderTemplate(templates.nextId, { table: qualifiedSource(spec), id: quotePostgres(spec.idColumn) });
}

/** Deletes a table's copied rows in (id_from, id_to] (repair). */
function deleteRangeStatement(spec: TableSpec): string {
  return renderTemplate(deleteRange, { target: quotedNames(spec).target, id: idOf(spec) });
}

/** Empties (or, to rebuild, drops) a table's copy and quarantine, and clears its sync history (resync). */
function resetStatements(spec: TableSpec, rebuild = false): string[] {
  const names = quotedNames(spec);
  const slots = { target: names.target, rejected: names.rejected };
  const reset = splitStatements(renderTemplate(resetTable, slots));
  return rebuild ? [...splitStatements(renderTemplate(dropTable, slots)), ...reset.slice(2)] : reset;
}

export {
  addColumn,
  createReader,
  createRejected,
  createTarget,
  dedupWindow,
  deleteRangeStatement,
  fullReload,
  insertWindow,
  modifyColumn,
  nextIdStatement,
  qualifiedSource,
  quarantineWindow,
  rangeHeldStatement,
  rangeParams,
  readStateStatement,
  rejectRow,
  resetStatements,
  snapshotStatement,
  tableNames,
  windowCount,
  windowGaps,
  writeWatermarkStatement,
};
