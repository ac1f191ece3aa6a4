// What a statement is and how its result is labelled: INSERT detection, the output format named by a trailing
// FORMAT clause, and the Content-Type the ClickHouse server sends for each format family.

const leadingNoise = String.raw`(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|/\*[\s\S]*?\*/)*`;
const insertStart = new RegExp(`^${leadingNoise}INSERT\\b`, 'i');
const trailingFormat = /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*(?:SETTINGS\b[^;]*)?;?\s*$/i;

/** Whether the statement is an INSERT (after leading whitespace and comments). */
function isInsertStatement(sql: string): boolean {
  return insertStart.test(sql);
}

/** The output format named by a trailing `FORMAT <name>` clause, if any (best effort, no SQL parser). */
function readOutputFormat(sql: string): string | undefined {
  return trailingFormat.exec(sql)?.[1];
}

const binaryFormats =
  /^(Native|RowBinary\w*|Parquet|Arrow\w*|ORC|Avro|Protobuf\w*|CapnProto|MsgPack|BSONEachRow|Npy)$/i;

/** The Content-Type the ClickHouse server sends for an output format. */
function contentTypeOf(format: string): string {
  const name = format.toLowerCase();
  if (name === 'tsv' || name.startsWith('tabseparated') || name.startsWith('tsv')) {
    return 'text/tab-separated-values; charset=UTF-8';
  }
  if (name.startsWith('csv')) return `text/csv; charset=UTF-8; header=${name === 'csv' ? 'absent' : 'present'}`;
  if (/eachrow|^jsonlines$|^ndjson$/.test(name) && name !== 'jsonobjecteachrow') {
    return 'application/x-ndjson; charset=UTF-8';
  }
  if (name.startsWith('json')) return 'application/json; charset=UTF-8';
  if (name === 'xml') return 'application/xml; charset=UTF-8';
  if (binaryFormats.test(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

export { contentTypeOf, isInsertStatement, readOutputFormat };
