// A row's content as the same text on both sides, so verify can compare an order-independent hash of every row
// (id and values) computed in PostgreSQL and in ClickHouse without moving a row: a lost, doubled or altered row
// changes it, a timestamp shifted by a time-zone mistake included. Floats and arrays are left out of the hash (their
// text differs between the two engines); such a column is compared by presence of its row only.
import type { ColumnMapping } from './columnTypes.ts';
import { quoteClickhouse, quotePostgres } from './identifiers.ts';

interface CanonicalText {
  readonly postgres: string;
  readonly clickhouse: string;
}

const nullMarker = '\\N';

/** The canonical text of one column on each side, or null when the column is left out of the hash. */
function canonicalText(column: ColumnMapping): CanonicalText | null {
  const pg = quotePostgres(column.name);
  const ch = quoteClickhouse(column.name);
  const type = column.pgType;
  if (type.endsWith('[]') || type === 'real' || type === 'double precision') return null;
  if (type === 'boolean') {
    // NULL stays NULL on both sides (a plain CASE … ELSE would turn it into '0').
    return { postgres: `CASE WHEN ${pg} THEN '1' WHEN NOT ${pg} THEN '0' END`, clickhouse: `toString(toUInt8(${ch}))` };
  }
  if (type === 'date') return { postgres: `(${pg} - date '1970-01-01')::text`, clickhouse: `toString(toInt32(${ch}))` };
  if (type.startsWith('timestamp')) {
    return {
      postgres: `(extract(epoch from ${pg}) * 1000000)::bigint::text`,
      clickhouse: `toString(toUnixTimestamp64Micro(${ch}))`,
    };
  }
  if (/^numeric\(\d+,\d+\)$/.test(type)) return { postgres: `trim_scale(${pg})::text`, clickhouse: `toString(${ch})` };
  if (/^(smallint|integer|bigint|uuid)$/.test(type)) return { postgres: `${pg}::text`, clickhouse: `toString(${ch})` };
  return { postgres: `${pg}::text`, clickhouse: `toString(${ch})` };
}

/**
 * The expression, on each side, of one row's 60-bit content hash: the first 15 hex digits of the MD5 of its columns'
 * canonical texts (NULL as \N) joined by the unit separator. Summed per bucket by the verify statements.
 */
function rowHashExpressions(columns: readonly ColumnMapping[]): CanonicalText {
  const texts = columns.map(canonicalText).filter((text): text is CanonicalText => text !== null);
  const postgresText = texts.map((text) => `coalesce(${text.postgres}, E'\\\\N')`).join(', ');
  const clickhouseText = texts
    .map((text) => `ifNull(${text.clickhouse}, '${nullMarker.replace('\\', '\\\\')}')`)
    .join(', ');
  return {
    postgres: `('x' || substr(md5(concat_ws(E'\\x1f', ${postgresText})), 1, 15))::bit(60)::bigint`,
    clickhouse: `bitShiftRight(reinterpretAsUInt64(reverse(substring(MD5(concatWithSeparator('\\x1f', ${clickhouseText})), 1, 8))), 4)`,
  };
}

export { canonicalText, rowHashExpressions };
