// PostgreSQL → ClickHouse type mapping: one table, used for the DDL, the reader table and the copy's value expressions.
// Values that ClickHouse reads silently wrong through postgresql() (infinity and out-of-range dates, BC years,
// numeric NaN) are read as PostgreSQL's text and converted here, strictly: a value that does not fit is never
// stored, it fails the row (which the sync then quarantines).
import { quoteClickhouse, quoteClickhouseLiteral } from './identifiers.ts';

/** One column as PostgreSQL's catalog describes it (sql/source/table_columns.sql). */
interface SourceColumn {
  readonly name: string;
  /** format_type() of the column (of the base type for a domain), e.g. `numeric(10,2)`, `integer[]`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly isEnum: boolean;
  /** For arrays: the element type as format_type() prints it, and whether it is an enum. */
  readonly elementType: string | null;
  readonly elementIsEnum: boolean;
  readonly primaryKey: boolean;
}

/** How one column is stored, read and converted. */
interface ColumnMapping {
  readonly name: string;
  /** The PostgreSQL type it was mapped from (kept as the reader table's column comment, to notice type changes). */
  readonly pgType: string;
  /** Type of the ClickHouse copy's column. */
  readonly clickhouseType: string;
  /** Type declared in the reader table (PostgreSQL engine): what ClickHouse parses PostgreSQL's text into. */
  readonly readType: string;
  /** Expression turning the reader column into clickhouseType; fails (throwIf) on a value that does not fit. */
  readonly value: string;
  /** Predicate true for a value that does not fit (for quarantine), or null when every value fits. */
  readonly invalid: string | null;
}

/** A column pg2ch cannot copy exactly. */
class UnsupportedTypeError extends Error {
  readonly column: string;
  readonly pgType: string;
  constructor(column: string, pgType: string) {
    super(
      `column "${column}" has type ${pgType}, which pg2ch does not copy (supported: see README, "Type mapping"); ` +
        'leave it out with an explicit "columns" list in tables.json',
    );
    this.name = 'UnsupportedTypeError';
    this.column = column;
    this.pgType = pgType;
  }
}

/** A scalar type: its ClickHouse type, reader type, and for text-read types the check and the conversion. */
type Scalar =
  | { readonly clickhouse: string; readonly read: 'native' }
  | {
      readonly clickhouse: string;
      readonly read: 'text';
      /** Regular expression the text must match to be stored exactly. */
      readonly pattern: string;
      /** A text that fits, converted in place of NULL or a refused value so no conversion ever sees bad text. */
      readonly safe: string;
      /**
       * Converts `x` (the text) to the ClickHouse type. `name(role)` gives an expression alias unique to the column, for
       * conversions that use `x` more than once (an alias inside an expression adds no column); absent inside a lambda.
       */
      readonly convert: (x: string, name?: (role: string) => string) => string;
    };

const year = '(19|2[0-2])[0-9]{2}-[0-9]{2}-[0-9]{2}';
const clock = '[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?';
const fixedTypes: Readonly<Record<string, Scalar>> = {
  smallint: { clickhouse: 'Int16', read: 'native' },
  integer: { clickhouse: 'Int32', read: 'native' },
  bigint: { clickhouse: 'Int64', read: 'native' },
  real: { clickhouse: 'Float32', read: 'native' },
  'double precision': { clickhouse: 'Float64', read: 'native' },
  boolean: { clickhouse: 'Bool', read: 'native' },
  text: { clickhouse: 'String', read: 'native' },
  uuid: { clickhouse: 'UUID', read: 'native' },
  json: { clickhouse: 'String', read: 'native' },
  jsonb: { clickhouse: 'String', read: 'native' },
  // Unconstrained numeric has no fixed precision: kept as PostgreSQL's exact text.
  numeric: { clickhouse: 'String', read: 'native' },
  date: {
    clickhouse: 'Date32',
    read: 'text',
    pattern: `^${year}$`,
    safe: '1970-01-01',
    convert: (x) => `toDate32(${x})`,
  },
  'timestamp without time zone': {
    clickhouse: "DateTime64(6, 'UTC')",
    read: 'text',
    pattern: `^${year} ${clock}$`,
    safe: '1970-01-01 00:00:00',
    convert: (x) => `toDateTime64(${x}, 6, 'UTC')`,
  },
  'timestamp with time zone': {
    clickhouse: "DateTime64(6, 'UTC')",
    read: 'text',
    // The session's offset, to the second (historical local mean times have seconds, e.g. -04:56:02), taken off
    // the local time: exact in any session time zone (ClickHouse's own PostgreSQL reader drops the offset).
    pattern: `^${year} ${clock}[+-][0-9]{2}(:[0-9]{2}){0,2}$`,
    safe: '1970-01-01 00:00:00+00',
    convert: (x, name) => {
      const text = name ? name('text') : x;
      const offset = name ? name('offset') : `regexpExtract(${x}, '[+-][0-9]{2}(:[0-9]{2}){0,2}$', 0)`;
      const first = name ? `(${x} AS ${text})` : x;
      const firstOffset = name ? `(regexpExtract(${text}, '[+-][0-9]{2}(:[0-9]{2}){0,2}$', 0) AS ${offset})` : offset;
      const seconds =
        `if(startsWith(${offset}, '-'), -1, 1) * (toInt32(substring(${offset}, 2, 2)) * 3600 + ` +
        `toInt32OrZero(substring(${offset}, 5, 2)) * 60 + toInt32OrZero(substring(${offset}, 8, 2)))`;
      return `toDateTime64(substring(${first}, 1, length(${text}) - length(${firstOffset})), 6, 'UTC') - toIntervalSecond(${seconds})`;
    },
  },
};

/** The scalar behind a format_type() text, or undefined when unsupported. */
function scalarOf(type: string, isEnum: boolean): Scalar | undefined {
  if (isEnum) return { clickhouse: 'LowCardinality(String)', read: 'native' };
  const fixed = fixedTypes[type.replace(/^(timestamp)\(\d\)/, '$1')];
  if (fixed) return fixed;
  if (/^character( varying)?(\(\d+\))?$/.test(type)) return fixedTypes.text;
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric && Number(numeric[1]) <= 76) {
    const decimal = `Decimal(${numeric[1]}, ${numeric[2]})`;
    // PostgreSQL enforces the precision; only NaN does not fit (and Infinity, which it refuses in numeric(p,s)).
    const convert = (x: string) => `CAST(${x}, ${quoteClickhouseLiteral(decimal)})`;
    return { clickhouse: decimal, read: 'text', pattern: '^-?[0-9]+(\\.[0-9]+)?$', safe: '0', convert };
  }
  return undefined;
}

function readTypeOf(scalar: Scalar): string {
  if (scalar.read === 'text') return 'String';
  return scalar.clickhouse === 'LowCardinality(String)' ? 'String' : scalar.clickhouse;
}

function nullable(type: string, isNullable: boolean): string {
  if (!isNullable) return type;
  const low = /^LowCardinality\((.*)\)$/.exec(type);
  return low ? `LowCardinality(Nullable(${low[1]}))` : `Nullable(${type})`;
}

/**
 * The text to convert: the value when it fits; otherwise the type's safe text, after failing the statement for a value
 * that is present and does not fit. Every argument depends on the row, so whatever order ClickHouse evaluates if()
 * branches in, NULL and fitting values never throw and no conversion ever sees text that does not fit.
 */
function checkedText(column: string, value: string, present: string, fits: string, safe: string): string {
  const message = quoteClickhouseLiteral(`pg2ch: column ${column} holds a value ClickHouse cannot store exactly`);
  const refuse = `throwIf(${present} AND NOT ${fits}, ${message})`;
  return `if(${fits}, ${value}, if(${refuse} = 0, ${quoteClickhouseLiteral(safe)}, ''))`;
}

/** Maps a non-array column. */
function mapScalar(column: SourceColumn, scalar: Scalar): ColumnMapping {
  const ref = quoteClickhouse(column.name);
  const base = { name: column.name, pgType: column.type };
  const types = {
    clickhouseType: nullable(scalar.clickhouse, !column.notNull),
    readType: nullable(readTypeOf(scalar), !column.notNull),
  };
  if (scalar.read === 'native') return { ...base, ...types, value: ref, invalid: null };
  const pattern = quoteClickhouseLiteral(scalar.pattern);
  const fits = `match(ifNull(${ref}, ''), ${pattern})`;
  const alias = (role: string) => quoteClickhouse(`__pg2ch_${column.name}_${role}`);
  const text = checkedText(column.name, `assumeNotNull(${ref})`, `${ref} IS NOT NULL`, fits, scalar.safe);
  const converted = scalar.convert(text, alias);
  const value = column.notNull ? converted : `if(isNull(${ref}), NULL, ${converted})`;
  return { ...base, ...types, value, invalid: `(${ref} IS NOT NULL AND NOT ${fits})` };
}

/** Maps an array column: Array(Nullable(element)); a NULL array arrives as an empty one (ClickHouse arrays are never NULL). */
function mapArray(column: SourceColumn, element: Scalar): ColumnMapping {
  const ref = quoteClickhouse(column.name);
  const elementType = nullable(element.clickhouse, true);
  const base = { name: column.name, pgType: column.type, clickhouseType: `Array(${elementType})` };
  const readType = `Array(${nullable(readTypeOf(element), true)})`;
  if (element.read === 'native') return { ...base, readType, value: ref, invalid: null };
  const pattern = quoteClickhouseLiteral(element.pattern);
  const fits = (x: string) => `match(${x}, ${pattern})`;
  const checked = checkedText(column.name, 'assumeNotNull(x)', 'x IS NOT NULL', fits("ifNull(x, '')"), element.safe);
  const value = `arrayMap(x -> if(x IS NULL, NULL, ${element.convert(checked)}), ${ref})`;
  const invalid = `NOT arrayAll(x -> x IS NULL OR ${fits('assumeNotNull(x)')}, ${ref})`;
  return { ...base, readType, value, invalid };
}

/**
 * Maps one PostgreSQL column to its ClickHouse storage, reader type and conversion (README, "Type mapping").
 * @throws UnsupportedTypeError naming the column and its type.
 */
function mapColumn(column: SourceColumn): ColumnMapping {
  if (column.elementType !== null) {
    const element = scalarOf(column.elementType, column.elementIsEnum);
    if (!element || column.type.endsWith('[][]')) throw new UnsupportedTypeError(column.name, column.type);
    return mapArray(column, element);
  }
  const scalar = scalarOf(column.type, column.isEnum);
  if (!scalar) throw new UnsupportedTypeError(column.name, column.type);
  return mapScalar(column, scalar);
}

/** True for the integer types an incremental cursor (id column) may have. */
function isIntegerType(type: string): boolean {
  return type === 'smallint' || type === 'integer' || type === 'bigint';
}

export type { ColumnMapping, SourceColumn };
export { isIntegerType, mapColumn, UnsupportedTypeError };
