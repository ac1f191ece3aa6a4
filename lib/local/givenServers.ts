// `npm test` and `npm run bench` on servers the user names (PG_URL, CLICKHOUSE_URL) write only to what they create:
// a fresh PostgreSQL database `<prefix><random>` on the given server, dropped afterwards, and ClickHouse databases
// their callers name test_<uuid> / bench_<uuid>, each with its own named collection pg2ch_source_<database>, which
// their callers drop with the database. A pg2ch installation on the same server keeps its own collection untouched.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from '../migrate/postgres.ts';

interface GivenServers {
  readonly pgUrl: string;
  /** How ClickHouse reaches PostgreSQL, when it differs from pgUrl (e.g. docker compose). */
  readonly pgUrlForClickhouse?: string;
  readonly clickhouseUrl: string;
}

/** A PostgreSQL database of this run's own on the given server, and what to undo afterwards. */
interface ScratchDatabase {
  readonly name: string;
  /** PG_URL and PG_URL_FOR_CLICKHOUSE naming the scratch database (same hosts and roles as given). */
  readonly env: { PG_URL: string; PG_URL_FOR_CLICKHOUSE: string };
  /** Drops the scratch database and, when this run created it, pg2ch_reader. */
  release(): Promise<void>;
}

/** The given servers cannot be used without touching something the run did not create. */
class GivenServerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GivenServerError';
  }
}

const readerRole = 'pg2ch_reader';
const embeddedHint = 'or unset PG_URL and CLICKHOUSE_URL to use the embedded engines';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function checkCanCreateDatabase(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ role: string; allowed: boolean }>(
    'SELECT current_user AS role, (rolcreatedb OR rolsuper) AS allowed FROM pg_roles WHERE rolname = current_user',
  );
  const row = rows[0];
  if (row?.allowed) return;
  throw new GivenServerError(
    `the PG_URL role ${row?.role ?? '?'} cannot create databases, and this run writes only to a database it creates ` +
      `and drops: grant it (ALTER ROLE ${row?.role ?? '…'} CREATEDB) ${embeddedHint}`,
  );
}

/**
 * Creates `<prefix><12 hex digits>` (UTF8, C locale, from template0) on the given PostgreSQL after checking that
 * the role may create databases, and applies sql/postgres
 * to it. Creates nothing when a check fails; drops the database again when the migration fails.
 * @throws GivenServerError saying what is missing and how to fix it; the servers' or the migration's errors otherwise.
 */
async function createScratchDatabase(given: GivenServers, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  const readerExisted = await withPostgres(given.pgUrl, async (client) => {
    await checkCanCreateDatabase(client);
    const reader = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [readerRole]);
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'`,
    );
    return (reader.rowCount ?? 0) > 0;
  });
  const env = {
    PG_URL: withDatabase(given.pgUrl, name),
    PG_URL_FOR_CLICKHOUSE: withDatabase(given.pgUrlForClickhouse || given.pgUrl, name),
  };
  const release = async () => {
    try {
      await withPostgres(given.pgUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
        if (!readerExisted) await client.query(`DROP ROLE IF EXISTS ${readerRole}`);
      });
    } catch (error) {
      throw new GivenServerError(`could not remove the scratch database ${name}`, { cause: error });
    }
  };
  try {
    await migratePostgres(env.PG_URL);
  } catch (error) {
    await release();
    throw error;
  }
  return { name, env, release };
}

export type { GivenServers, ScratchDatabase };
export { createScratchDatabase, GivenServerError };
