// The chDB engine behind the local endpoint: one data directory per process, a fresh Session per request,
// and the engine facts the HTTP layer reports (version, time zone, error-code names).
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Session } from 'chdb';

interface RawInsertResult {
  rowsWritten: number;
  bytesWritten: number;
  elapsed: number;
}

type RawInsert = (connection: unknown, prefix: string, data: Buffer, countLines: boolean) => Promise<RawInsertResult>;

/** A chDB engine bound to one data directory. */
interface ChdbEngine {
  readonly dataDir: string;
  readonly version: string;
  readonly timezone: string;
  readonly errorNames: ReadonlyMap<number, string>;
  /** chDB's native `INSERT <prefix>\n<data>` entry, which reports written rows; undefined if unavailable. */
  readonly rawInsert: RawInsert | undefined;
  openSession(): Session;
  close(): void;
}

/**
 * chDB 3.4 runs `prefix + '\n' + data` as an INSERT with its data and returns rowsWritten (its own
 * Session.insert uses it with a whitelisted prefix). It is not exported, so it is looked up by path and
 * feature-checked: without it INSERTs still work, but written_rows is reported as 0.
 */
function loadRawInsert(): RawInsert | undefined {
  try {
    const require = createRequire(import.meta.url);
    const loader = require(join(dirname(require.resolve('chdb/package.json')), 'dist', 'loader.js'));
    const native = loader.loadNative();
    return typeof native.InsertRawAsyncConnection === 'function'
      ? native.InsertRawAsyncConnection.bind(native)
      : undefined;
  } catch {
    return undefined;
  }
}

async function readEngineFacts(session: Session): Promise<Pick<ChdbEngine, 'version' | 'timezone' | 'errorNames'>> {
  const facts = await session.queryAsync('SELECT version() AS version, timezone() AS timezone', {
    format: 'JSONEachRow',
  });
  const { version, timezone } = facts.json<{ version: string; timezone: string }>();
  const codes = await session.queryAsync(
    "SELECT number AS code, errorCodeToName(number) AS name FROM numbers(2000) WHERE name != ''",
    { format: 'JSONCompact' },
  );
  const rows = codes.json<{ data: Array<[number, string]> }>().data;
  return { version, timezone, errorNames: new Map(rows) };
}

function openKeeper(path: string): Session {
  try {
    return new Session(path);
  } catch (error) {
    const hint = 'another process may be using it, or this process already has another chDB directory open';
    throw new Error(`cannot open the chDB data directory ${path} (${hint})`, { cause: error });
  }
}

/**
 * Opens (creating if needed) the chDB data directory and keeps one Session open for the engine's lifetime.
 * Sets process.env.TZ = 'UTC' first: chDB takes the server time zone from TZ when the process's engine starts.
 * @throws Error (cause: chDB's ChdbConnectionError) when this process already holds another directory, or
 * another process holds this one (chDB prints Code 76 "Cannot lock file" to stderr).
 */
async function openChdbEngine(dataDir: string): Promise<ChdbEngine> {
  const path = resolve(dataDir);
  await mkdir(path, { recursive: true });
  if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
  const keeper = openKeeper(path);
  try {
    const facts = await readEngineFacts(keeper);
    return {
      dataDir: path,
      ...facts,
      rawInsert: loadRawInsert(),
      openSession: () => new Session(path),
      close: () => keeper.close(),
    };
  } catch (error) {
    keeper.close();
    throw error;
  }
}

export type { ChdbEngine, RawInsertResult };
export { openChdbEngine };
