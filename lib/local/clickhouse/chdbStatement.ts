// One HTTP request's statement, run on a chDB Session the way the ClickHouse server runs it:
// `query` parameter + "\n" + body, where an INSERT's data is the rest of the body after the statement.
import type { Session } from 'chdb';
import type { ChdbEngine } from './chdbEngine.ts';
import { ClickHouseServerError, toServerError } from './errors.ts';
import { isInsertStatement } from './formats.ts';

/** What to run: an INSERT (prefix + its data, binary-safe) or any other statement as text. */
type Statement = { kind: 'insert'; prefix: string; data: Buffer } | { kind: 'query'; sql: string };

/** What a statement produced, with the counters chDB reports. */
interface Outcome {
  body: Uint8Array;
  readRows: number;
  readBytes: number;
  writtenRows: number;
  writtenBytes: number;
}

const noDataToInsert = 108;

/**
 * Builds the statement from the `query` parameter and the request body, as the server concatenates them.
 * @throws ClickHouseServerError SYNTAX_ERROR for an empty query.
 */
function planStatement(query: string | undefined, body: Buffer): Statement {
  if (query) {
    if (isInsertStatement(query)) return { kind: 'insert', prefix: query, data: body };
    return { kind: 'query', sql: body.length > 0 ? `${query}\n${body.toString('utf8')}` : query };
  }
  const sql = body.toString('utf8');
  if (sql.trim() === '') throw new ClickHouseServerError(62, 'SYNTAX_ERROR', 'Empty query');
  return isInsertStatement(sql) ? { kind: 'insert', prefix: '', data: body } : { kind: 'query', sql };
}

const emptyOutcome = (): Outcome => ({
  body: new Uint8Array(0),
  readRows: 0,
  readBytes: 0,
  writtenRows: 0,
  writtenBytes: 0,
});

async function runInsert(engine: ChdbEngine, session: Session, prefix: string, data: Buffer): Promise<Outcome> {
  try {
    if (engine.rawInsert === undefined) {
      const sql = prefix && data.length > 0 ? `${prefix}\n${data.toString('utf8')}` : prefix || data.toString('utf8');
      await session.queryAsync(sql, { format: 'TabSeparated' });
      return emptyOutcome();
    }
    const result = await engine.rawInsert(session.connection, prefix, data, false);
    return { ...emptyOutcome(), writtenRows: result.rowsWritten, writtenBytes: result.bytesWritten };
  } catch (error) {
    // An INSERT with an empty body inserts nothing and succeeds, as on the server.
    if (prefix && data.length === 0 && toServerError(error, engine.errorNames).code === noDataToInsert) {
      return emptyOutcome();
    }
    throw error;
  }
}

/**
 * Applies the prelude (USE / SET) to the session, then runs the statement; SELECT-like output comes back
 * in `format` unless the SQL names its own FORMAT. Rejects with chDB's error (see toServerError).
 */
async function runStatement(
  engine: ChdbEngine,
  session: Session,
  prelude: string,
  statement: Statement,
  format: string,
): Promise<Outcome> {
  if (prelude !== '') await session.queryAsync(prelude, { format: 'TabSeparated' });
  if (statement.kind === 'insert') return runInsert(engine, session, statement.prefix, statement.data);
  const result = await session.queryAsync(statement.sql, { format });
  return {
    body: result.bytes(),
    readRows: result.rowsRead,
    readBytes: result.bytesRead,
    writtenRows: 0,
    writtenBytes: 0,
  };
}

/**
 * The X-ClickHouse-Summary header value (JSON, string counters). read_* come from chDB (0 for INSERTs),
 * written_* from chDB's insert entry (0 for other statements), result_* are 0 as in a summary the server
 * sends before the result body.
 */
function summarize(outcome: Outcome, elapsedNs: bigint): string {
  const counters = {
    read_rows: outcome.readRows,
    read_bytes: outcome.readBytes,
    written_rows: outcome.writtenRows,
    written_bytes: outcome.writtenBytes,
    total_rows_to_read: outcome.readRows,
    result_rows: 0,
    result_bytes: 0,
    elapsed_ns: elapsedNs,
  };
  return JSON.stringify(Object.fromEntries(Object.entries(counters).map(([key, value]) => [key, String(value)])));
}

export type { Outcome, Statement };
export { planStatement, runStatement, summarize };
