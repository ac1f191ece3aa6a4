// Writes KPI rows as JSON or CSV from the text ClickHouse returned, column by column (lib/kpi/columns.ts), so
// counts and decimals keep exactly their digits: in JSON as numbers ("0.080" → 0.080), in CSV as plain fields.
import { stringify } from 'csv-stringify/sync';
import type { Column } from './columns.ts';

/** A count or decimal as ClickHouse writes it: an optional minus, digits, optionally a point and digits. */
const decimalText = /^-?[0-9]+(\.[0-9]+)?$/;

/** Leading characters a spreadsheet would read as a formula (OWASP, CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * The exact text of a count or decimal value.
 * @throws Error when ClickHouse returned something else (a bug, never the caller's input).
 */
function numberText(col: Column, value: unknown): string {
  const text = String(value);
  if (!decimalText.test(text)) throw new Error(`column ${col.name} is not a decimal number: ${text.slice(0, 40)}`);
  return text;
}

function jsonValue(col: Column, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (col.kind === 'count' || col.kind === 'decimal') return numberText(col, value);
  return JSON.stringify(value);
}

/** `rows` as a JSON array of objects holding exactly `columns`, in that order. */
function rowsToJson(rows: readonly Record<string, unknown>[], columns: readonly Column[]): string {
  const objects = rows.map(
    (row) => `{${columns.map((col) => `${JSON.stringify(col.name)}:${jsonValue(col, row[col.name])}`).join(',')}}`,
  );
  return `[${objects.join(',')}]`;
}

function csvValue(col: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (col.kind === 'count' || col.kind === 'decimal') return numberText(col, value);
  const text = String(value);
  return col.kind === 'text' && formulaStart.test(text) ? `'${text}` : text;
}

/**
 * `rows` as CSV (RFC 4180): a header row of the column names, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break; null as an empty field; text starting with = + - @ tab or CR prefixed with '.
 */
function rowsToCsv(rows: readonly Record<string, unknown>[], columns: readonly Column[]): string {
  const records = rows.map((row) => columns.map((col) => csvValue(col, row[col.name])));
  return stringify([columns.map((col) => col.name), ...records], {
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    eof: true,
  });
}

export { rowsToCsv, rowsToJson };
