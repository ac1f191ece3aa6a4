// Which columns a run copies, given what PostgreSQL has now and what ClickHouse was migrated to. Pure.
import { type ColumnMapping, mapColumn, type SourceColumn, UnsupportedTypeError } from './columnTypes.ts';
import type { TableSpec } from './registry.ts';

/** A column of a ClickHouse table as system.columns lists it; `comment` holds the PostgreSQL type for readers. */
interface ClickhouseColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** The columns one run copies, and how the source differs from the ClickHouse copy. */
interface ColumnPlan {
  /** Columns copied, in the copy's column order. */
  readonly copy: readonly ColumnMapping[];
  /** In the source (and selected by the registry) but not yet in ClickHouse: `npm run migrate` adds them. */
  readonly pending: readonly string[];
  /** In the ClickHouse copy but no longer in the source (dropped or renamed there): kept, not filled. */
  readonly missing: readonly string[];
  /** In both, but PostgreSQL's type is not the one ClickHouse's columns were made for. */
  readonly changed: readonly { readonly name: string; readonly from: string; readonly to: string }[];
  /** In the source with a type pg2ch does not copy (left out). */
  readonly unsupported: readonly { readonly name: string; readonly type: string }[];
}

/** The source columns the registry entry selects (all, or its list), in source order. */
function selectedColumns(spec: TableSpec, source: readonly SourceColumn[]): SourceColumn[] {
  if (spec.columns === 'all') return [...source];
  const wanted = new Set(spec.columns);
  return source.filter((column) => wanted.has(column.name) || column.name === spec.idColumn);
}

/** Maps the selected columns; unsupported ones are reported, not thrown. */
function mapSelected(spec: TableSpec, source: readonly SourceColumn[]) {
  const mapped: ColumnMapping[] = [];
  const unsupported: { name: string; type: string }[] = [];
  for (const column of selectedColumns(spec, source)) {
    try {
      mapped.push(mapColumn(column));
    } catch (error) {
      if (!(error instanceof UnsupportedTypeError)) throw error;
      unsupported.push({ name: column.name, type: column.type });
    }
  }
  return { mapped, unsupported };
}

/**
 * Plans a run's columns: a column is copied when the source has it, the registry selects it, and both the copy and
 * the reader were migrated for its current type. Added columns wait for `npm run migrate`; dropped ones are kept in
 * ClickHouse and reported.
 */
function planColumns(
  spec: TableSpec,
  source: readonly SourceColumn[],
  target: readonly ClickhouseColumn[],
  reader: readonly ClickhouseColumn[],
): ColumnPlan {
  const { mapped, unsupported } = mapSelected(spec, source);
  const byName = new Map(mapped.map((column) => [column.name, column]));
  const readerTypes = new Map(reader.map((column) => [column.name, column.comment]));
  const targetNames = new Set(target.map((column) => column.name));
  const changed = mapped.flatMap((column) => {
    const from = readerTypes.get(column.name);
    return from !== undefined && from !== '' && from !== column.pgType
      ? [{ name: column.name, from, to: column.pgType }]
      : [];
  });
  const changedNames = new Set(changed.map((column) => column.name));
  const copy = target.flatMap((column) => {
    const mapping = byName.get(column.name);
    return mapping && readerTypes.has(column.name) && !changedNames.has(column.name) ? [mapping] : [];
  });
  const pending = mapped
    .filter((column) => !targetNames.has(column.name) || !readerTypes.has(column.name))
    .map((column) => column.name);
  const sourceNames = new Set(source.map((column) => column.name));
  const missing = target.map((column) => column.name).filter((name) => !sourceNames.has(name));
  return { copy, pending, missing, changed, unsupported };
}

export type { ClickhouseColumn, ColumnPlan };
export { mapSelected, planColumns, selectedColumns };
