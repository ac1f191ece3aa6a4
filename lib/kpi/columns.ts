// The columns of each KPI's rows: their kind decides how a value is written (JSON and CSV) and its schema in
// the OpenAPI document, so the two cannot disagree.
import * as z from 'zod';

/**
 * id: a 32-bit id (a JSON number from ClickHouse). count: a 64-bit count. decimal: an exact decimal at a fixed
 * scale. count and decimal arrive as text from ClickHouse and are written as JSON numbers with exactly those
 * digits (README, KPIs, "JSON representation"). text, day (YYYY-MM-DD), instant (RFC 3339) are strings.
 */
type ColumnKind = 'id' | 'count' | 'decimal' | 'text' | 'day' | 'instant';

interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Decimal places of a decimal column. */
  readonly scale?: number;
  readonly nullable: boolean;
  readonly description: string;
}

type ColumnOptions = { nullable?: boolean };

function column(name: string, kind: ColumnKind, description: string, options: ColumnOptions = {}): Column {
  return { name, kind, description, nullable: options.nullable ?? false };
}

function decimal(name: string, scale: number, description: string, options: ColumnOptions = {}): Column {
  return { ...column(name, 'decimal', description, options), scale };
}

function schemaOf(col: Column): z.ZodType {
  const bases: Record<ColumnKind, () => z.ZodType> = {
    id: () => z.int().min(1),
    count: () => z.int(),
    decimal: () => z.number(),
    text: () => z.string(),
    day: () => z.iso.date(),
    instant: () => z.iso.datetime({ offset: true }),
  };
  const scale = col.kind === 'decimal' ? ` Exact decimal with ${col.scale} decimal places in the JSON text.` : '';
  const base = bases[col.kind]().meta({ description: `${col.description}${scale}` });
  return col.nullable ? base.nullable() : base;
}

/** The zod schema of one row of `columns` (every column present, no other). */
function rowSchema(columns: readonly Column[]) {
  return z.strictObject(Object.fromEntries(columns.map((col) => [col.name, schemaOf(col)])));
}

export type { Column, ColumnKind };
export { column, decimal, rowSchema };
